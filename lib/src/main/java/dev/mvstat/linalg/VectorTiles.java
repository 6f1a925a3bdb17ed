package dev.mvstat.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Gram}'s 3 x 3 tile with SIMD accumulators: each of the 9 dot products over the block's
 * rows is summed in the lanes of a vector (rows r, r + L, r + 2L, ... in lane r mod L) with fused
 * multiply-adds, the lanes are added once at the end, and the last rows % L rows are added by
 * {@link Gram}'s scalar tile. Uses the incubating Vector API (JEP 338 and successors), so it is loaded only when the
 * JVM runs with {@code --add-modules=jdk.incubator.vector}.
 */
final class VectorTiles {

    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;

    private VectorTiles() {}

    /** A full tile of G at (i, j) from the column-major block {@code a}; a {@link Gram.TileKernel}. */
    static void tile(double[] a, int lda, int rows, int d, int i, int j, double[] g) {
        int a0 = i * lda, a1 = a0 + lda, a2 = a1 + lda;
        int b0 = j * lda, b1 = b0 + lda, b2 = b1 + lda;
        DoubleVector v00 = DoubleVector.zero(SPECIES),
                v01 = v00,
                v02 = v00,
                v10 = v00,
                v11 = v00,
                v12 = v00,
                v20 = v00,
                v21 = v00,
                v22 = v00;
        int vectorRows = rows - rows % SPECIES.length();
        for (int r = 0; r < vectorRows; r += SPECIES.length()) {
            DoubleVector x0 = DoubleVector.fromArray(SPECIES, a, a0 + r);
            DoubleVector x1 = DoubleVector.fromArray(SPECIES, a, a1 + r);
            DoubleVector x2 = DoubleVector.fromArray(SPECIES, a, a2 + r);
            DoubleVector y0 = DoubleVector.fromArray(SPECIES, a, b0 + r);
            DoubleVector y1 = DoubleVector.fromArray(SPECIES, a, b1 + r);
            DoubleVector y2 = DoubleVector.fromArray(SPECIES, a, b2 + r);
            v00 = x0.fma(y0, v00);
            v01 = x0.fma(y1, v01);
            v02 = x0.fma(y2, v02);
            v10 = x1.fma(y0, v10);
            v11 = x1.fma(y1, v11);
            v12 = x1.fma(y2, v12);
            v20 = x2.fma(y0, v20);
            v21 = x2.fma(y1, v21);
            v22 = x2.fma(y2, v22);
        }
        Gram.store(
                g, d, i, j, sum(v00), sum(v01), sum(v02), sum(v10), sum(v11), sum(v12), sum(v20), sum(v21), sum(v22));
        if (vectorRows < rows) {
            Gram.tileRows(a, lda, vectorRows, rows, d, i, j, g);
        }
    }

    private static double sum(DoubleVector v) {
        return v.reduceLanes(VectorOperators.ADD);
    }
}

package dev.mvstat.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Gram}'s 3 x 3 tile with SIMD accumulators: each of the 9 dot products over the block's
 * rows is summed in the lanes of a vector (rows r, r + L, r + 2L, ... in lane r mod L) with fused
 * multiply-adds, the lanes are added once at the end, and the last rows % L rows are added as
 * scalars. Uses the incubating Vector API (JEP 338 and successors), so it is loaded only when the
 * JVM runs with {@code --add-modules=jdk.incubator.vector}.
 */
final class VectorTiles {

    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;

    private VectorTiles() {
    }

    /** A full tile of G at (i, j) from the column-major block {@code a}; a {@link Gram.TileKernel}. */
    static void tile(double[] a, int lda, int rows, int d, int i, int j, double[] g) {
        int a0 = i * lda, a1 = a0 + lda, a2 = a1 + lda;
        int b0 = j * lda, b1 = b0 + lda, b2 = b1 + lda;
        DoubleVector v00 = DoubleVector.zero(SPECIES), v01 = v00, v02 = v00, v10 = v00, v11 = v00, v12 = v00,
                v20 = v00, v21 = v00, v22 = v00;
        int vectorRows = rows - rows % SPECIES.length();
        int r = 0;
        for (; r < vectorRows; r += SPECIES.length()) {
            DoubleVector x0 = DoubleVector.fromArray(SPECIES, a, a0 + r);
            DoubleVector x1 = DoubleVector.fromArray(SPECIES, a, a1 + r);
            DoubleVector x2 = DoubleVector.fromArray(SPECIES, a, a2 + r);
            DoubleVector y0 = DoubleVector.fromArray(SPECIES, a, b0 + r);
            DoubleVector y1 = DoubleVector.fromArray(SPECIES, a, b1 + r);
            DoubleVector y2 = DoubleVector.fromArray(SPECIES, a, b2 + r);
            v00 = x0.fma(y0, v00); v01 = x0.fma(y1, v01); v02 = x0.fma(y2, v02);
            v10 = x1.fma(y0, v10); v11 = x1.fma(y1, v11); v12 = x1.fma(y2, v12);
            v20 = x2.fma(y0, v20); v21 = x2.fma(y1, v21); v22 = x2.fma(y2, v22);
        }
        double s00 = sum(v00), s01 = sum(v01), s02 = sum(v02), s10 = sum(v10), s11 = sum(v11), s12 = sum(v12),
                s20 = sum(v20), s21 = sum(v21), s22 = sum(v22);
        for (; r < rows; r++) {
            double x0 = a[a0 + r], x1 = a[a1 + r], x2 = a[a2 + r];
            double y0 = a[b0 + r], y1 = a[b1 + r], y2 = a[b2 + r];
            s00 = Math.fma(x0, y0, s00); s01 = Math.fma(x0, y1, s01); s02 = Math.fma(x0, y2, s02);
            s10 = Math.fma(x1, y0, s10); s11 = Math.fma(x1, y1, s11); s12 = Math.fma(x1, y2, s12);
            s20 = Math.fma(x2, y0, s20); s21 = Math.fma(x2, y1, s21); s22 = Math.fma(x2, y2, s22);
        }
        Gram.store(g, d, i, j, s00, s01, s02, s10, s11, s12, s20, s21, s22);
    }

    private static double sum(DoubleVector v) {
        return v.reduceLanes(VectorOperators.ADD);
    }
}

package dev.mvstat.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link PanelUpdate} for four consecutive target rows at once, with SIMD accumulators and register
 * blocking: a tile of four rows by two vectors of columns stays in registers while every row of the
 * panel adds its products, so that each vector of the panel, loaded once, feeds four fused
 * multiply-adds (Goto and van de Geijn, "Anatomy of high-performance matrix multiplication", TOMS
 * 2008). Uses the incubating Vector API, so it is loaded only when the JVM runs with
 * {@code --add-modules=jdk.incubator.vector}.
 */
final class VectorPanelUpdate {

    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    private VectorPanelUpdate() {}

    /**
     * {@code target[row + i * d + j] -= sum_{k < count} coefficients[first + i * rowStride + k * stride] panel[k * d + j]}
     * for rows i = 0 to 3, and the columns j from {@code from} in whole tiles that end by {@code end}.
     *
     * @return the first column not updated
     */
    static int subtractFourRows(
            double[] target,
            int row,
            int d,
            double[] coefficients,
            int first,
            int rowStride,
            int stride,
            int count,
            double[] panel,
            int from,
            int end) {
        int r0 = row, r1 = r0 + d, r2 = r1 + d, r3 = r2 + d;
        int c0 = first, c1 = c0 + rowStride, c2 = c1 + rowStride, c3 = c2 + rowStride;
        int j = from;
        for (; j + 2 * LANES <= end; j += 2 * LANES) {
            int q = j + LANES;
            DoubleVector s0 = DoubleVector.fromArray(SPECIES, target, r0 + j),
                    t0 = DoubleVector.fromArray(SPECIES, target, r0 + q);
            DoubleVector s1 = DoubleVector.fromArray(SPECIES, target, r1 + j),
                    t1 = DoubleVector.fromArray(SPECIES, target, r1 + q);
            DoubleVector s2 = DoubleVector.fromArray(SPECIES, target, r2 + j),
                    t2 = DoubleVector.fromArray(SPECIES, target, r2 + q);
            DoubleVector s3 = DoubleVector.fromArray(SPECIES, target, r3 + j),
                    t3 = DoubleVector.fromArray(SPECIES, target, r3 + q);
            for (int k = 0, p = 0, c = 0; k < count; k++, p += d, c += stride) {
                DoubleVector x = DoubleVector.fromArray(SPECIES, panel, p + j);
                DoubleVector y = DoubleVector.fromArray(SPECIES, panel, p + q);
                DoubleVector a = DoubleVector.broadcast(SPECIES, -coefficients[c0 + c]);
                s0 = x.fma(a, s0);
                t0 = y.fma(a, t0);
                a = DoubleVector.broadcast(SPECIES, -coefficients[c1 + c]);
                s1 = x.fma(a, s1);
                t1 = y.fma(a, t1);
                a = DoubleVector.broadcast(SPECIES, -coefficients[c2 + c]);
                s2 = x.fma(a, s2);
                t2 = y.fma(a, t2);
                a = DoubleVector.broadcast(SPECIES, -coefficients[c3 + c]);
                s3 = x.fma(a, s3);
                t3 = y.fma(a, t3);
            }
            s0.intoArray(target, r0 + j);
            t0.intoArray(target, r0 + q);
            s1.intoArray(target, r1 + j);
            t1.intoArray(target, r1 + q);
            s2.intoArray(target, r2 + j);
            t2.intoArray(target, r2 + q);
            s3.intoArray(target, r3 + j);
            t3.intoArray(target, r3 + q);
        }
        return j;
    }
}

package dev.mvstat.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Cholesky}'s trailing update with SIMD accumulators and register blocking: a tile of four
 * rows by two vectors of columns stays in registers while the block's every column k adds its
 * products, so that each vector of the transposed panel, loaded once, feeds four fused
 * multiply-adds (Goto and van de Geijn, "Anatomy of high-performance matrix multiplication", TOMS
 * 2008). Uses the incubating Vector API, so it is loaded only when the JVM runs with
 * {@code --add-modules=jdk.incubator.vector}.
 */
final class VectorCholesky {

    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    private VectorCholesky() {
    }

    /**
     * {@code S_ij -= sum_{k0 <= k < k1} l_ik P_kj} for rows i to i + 3 and the columns from
     * {@code from} in whole tiles that end by {@code end}.
     *
     * @return the first column not updated
     */
    static int updateFourRows(double[] l, int d, int k0, int k1, double[] panel, int i, int from, int end) {
        int r0 = i * d, r1 = r0 + d, r2 = r1 + d, r3 = r2 + d;
        int j = from;
        for (; j + 2 * LANES <= end; j += 2 * LANES) {
            int q = j + LANES;
            DoubleVector s0 = DoubleVector.fromArray(SPECIES, l, r0 + j), t0 = DoubleVector.fromArray(SPECIES, l, r0 + q);
            DoubleVector s1 = DoubleVector.fromArray(SPECIES, l, r1 + j), t1 = DoubleVector.fromArray(SPECIES, l, r1 + q);
            DoubleVector s2 = DoubleVector.fromArray(SPECIES, l, r2 + j), t2 = DoubleVector.fromArray(SPECIES, l, r2 + q);
            DoubleVector s3 = DoubleVector.fromArray(SPECIES, l, r3 + j), t3 = DoubleVector.fromArray(SPECIES, l, r3 + q);
            for (int k = k0, p = 0; k < k1; k++, p += d) {
                DoubleVector x = DoubleVector.fromArray(SPECIES, panel, p + j);
                DoubleVector y = DoubleVector.fromArray(SPECIES, panel, p + q);
                DoubleVector c = DoubleVector.broadcast(SPECIES, -l[r0 + k]);
                s0 = x.fma(c, s0);
                t0 = y.fma(c, t0);
                c = DoubleVector.broadcast(SPECIES, -l[r1 + k]);
                s1 = x.fma(c, s1);
                t1 = y.fma(c, t1);
                c = DoubleVector.broadcast(SPECIES, -l[r2 + k]);
                s2 = x.fma(c, s2);
                t2 = y.fma(c, t2);
                c = DoubleVector.broadcast(SPECIES, -l[r3 + k]);
                s3 = x.fma(c, s3);
                t3 = y.fma(c, t3);
            }
            s0.intoArray(l, r0 + j);
            t0.intoArray(l, r0 + q);
            s1.intoArray(l, r1 + j);
            t1.intoArray(l, r1 + q);
            s2.intoArray(l, r2 + j);
            t2.intoArray(l, r2 + q);
            s3.intoArray(l, r3 + j);
            t3.intoArray(l, r3 + q);
        }
        return j;
    }
}

package dev.mvstat.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

/**
 * {@link TriangularSolve#forwardInPlace}'s forward substitution with SIMD accumulators and register
 * blocking: two vectors of right-hand sides and four unknowns at a time, so that each value of a
 * solved unknown, loaded once, feeds eight fused multiply-adds held in registers (the blocking of
 * Goto and van de Geijn, "Anatomy of high-performance matrix multiplication", TOMS 2008, applied to
 * the triangular solve). Each unknown is its products summed in order by fused multiply-adds,
 * then {@code (x_j - sum) / l_jj}, on whole steps of right-hand sides only. Uses the incubating
 * Vector API, so it is loaded only when the JVM runs with {@code --add-modules=jdk.incubator.vector}.
 */
final class VectorSolve {

    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /** Right-hand sides per step: two vectors. */
    static final int STRIP = 2 * LANES;

    private VectorSolve() {
    }

    /**
     * Overwrites {@code x} with {@code L^-1 x} for {@code rows} right-hand sides rounded up to whole
     * steps of {@link #STRIP}, so that every right-hand side gets the same bits wherever it falls in
     * the block; the right-hand sides added by the rounding are set to zero first.
     */
    static void forward(double[] lower, int d, double[][] x, int rows) {
        int padded = TriangularSolve.paddedRows(rows);
        for (int j = 0; j < d; j++) {
            Arrays.fill(x[j], rows, padded, 0.0);
        }
        for (int r = 0; r < padded; r += STRIP) {
            int j = 0;
            for (; j + 3 < d; j += 4) {
                fourUnknowns(lower, d, x, r, j);
            }
            for (; j < d; j++) {
                oneUnknown(lower, d, x, r, j);
            }
        }
    }

    /** Solves unknowns j to j + 3 of right-hand sides r to r + 2 LANES - 1, unknowns 0 to j - 1 solved. */
    private static void fourUnknowns(double[] lower, int d, double[][] x, int r, int j) {
        int q = r + LANES;
        int a = j * d, b = a + d, c = b + d, e = c + d;
        DoubleVector s0 = DoubleVector.zero(SPECIES), s1 = s0, s2 = s0, s3 = s0, t0 = s0, t1 = s0, t2 = s0, t3 = s0;
        for (int k = 0; k < j; k++) {
            DoubleVector u = DoubleVector.fromArray(SPECIES, x[k], r), w = DoubleVector.fromArray(SPECIES, x[k], q);
            DoubleVector l0 = DoubleVector.broadcast(SPECIES, lower[a + k]);
            DoubleVector l1 = DoubleVector.broadcast(SPECIES, lower[b + k]);
            DoubleVector l2 = DoubleVector.broadcast(SPECIES, lower[c + k]);
            DoubleVector l3 = DoubleVector.broadcast(SPECIES, lower[e + k]);
            s0 = u.fma(l0, s0); t0 = w.fma(l0, t0);
            s1 = u.fma(l1, s1); t1 = w.fma(l1, t1);
            s2 = u.fma(l2, s2); t2 = w.fma(l2, t2);
            s3 = u.fma(l3, s3); t3 = w.fma(l3, t3);
        }
        double[] x0 = x[j], x1 = x[j + 1], x2 = x[j + 2], x3 = x[j + 3];
        DoubleVector z = DoubleVector.fromArray(SPECIES, x0, r).sub(s0).div(lower[a + j]);
        DoubleVector y = DoubleVector.fromArray(SPECIES, x0, q).sub(t0).div(lower[a + j]);
        z.intoArray(x0, r);
        y.intoArray(x0, q);
        DoubleVector l1 = DoubleVector.broadcast(SPECIES, lower[b + j]);
        DoubleVector l2 = DoubleVector.broadcast(SPECIES, lower[c + j]);
        DoubleVector l3 = DoubleVector.broadcast(SPECIES, lower[e + j]);
        s1 = z.fma(l1, s1); t1 = y.fma(l1, t1);
        s2 = z.fma(l2, s2); t2 = y.fma(l2, t2);
        s3 = z.fma(l3, s3); t3 = y.fma(l3, t3);
        z = DoubleVector.fromArray(SPECIES, x1, r).sub(s1).div(lower[b + j + 1]);
        y = DoubleVector.fromArray(SPECIES, x1, q).sub(t1).div(lower[b + j + 1]);
        z.intoArray(x1, r);
        y.intoArray(x1, q);
        l2 = DoubleVector.broadcast(SPECIES, lower[c + j + 1]);
        l3 = DoubleVector.broadcast(SPECIES, lower[e + j + 1]);
        s2 = z.fma(l2, s2); t2 = y.fma(l2, t2);
        s3 = z.fma(l3, s3); t3 = y.fma(l3, t3);
        z = DoubleVector.fromArray(SPECIES, x2, r).sub(s2).div(lower[c + j + 2]);
        y = DoubleVector.fromArray(SPECIES, x2, q).sub(t2).div(lower[c + j + 2]);
        z.intoArray(x2, r);
        y.intoArray(x2, q);
        l3 = DoubleVector.broadcast(SPECIES, lower[e + j + 2]);
        s3 = z.fma(l3, s3); t3 = y.fma(l3, t3);
        DoubleVector.fromArray(SPECIES, x3, r).sub(s3).div(lower[e + j + 3]).intoArray(x3, r);
        DoubleVector.fromArray(SPECIES, x3, q).sub(t3).div(lower[e + j + 3]).intoArray(x3, q);
    }

    /** Solves unknown j of right-hand sides r to r + 2 LANES - 1, unknowns 0 to j - 1 solved. */
    private static void oneUnknown(double[] lower, int d, double[][] x, int r, int j) {
        int q = r + LANES;
        int a = j * d;
        DoubleVector s = DoubleVector.zero(SPECIES), t = s;
        for (int k = 0; k < j; k++) {
            DoubleVector l = DoubleVector.broadcast(SPECIES, lower[a + k]);
            s = DoubleVector.fromArray(SPECIES, x[k], r).fma(l, s);
            t = DoubleVector.fromArray(SPECIES, x[k], q).fma(l, t);
        }
        DoubleVector.fromArray(SPECIES, x[j], r).sub(s).div(lower[a + j]).intoArray(x[j], r);
        DoubleVector.fromArray(SPECIES, x[j], q).sub(t).div(lower[a + j]).intoArray(x[j], q);
    }
}

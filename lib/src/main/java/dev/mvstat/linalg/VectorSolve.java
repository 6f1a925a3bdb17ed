package dev.mvstat.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link TriangularSolve#forwardInPlace}'s forward substitution with SIMD accumulators and register
 * blocking: two vectors of right-hand sides and four unknowns at a time, so that each value of a
 * solved unknown, loaded once, feeds eight fused multiply-adds held in registers (the blocking of
 * Goto and van de Geijn, "Anatomy of high-performance matrix multiplication", TOMS 2008, applied to
 * the triangular solve). Uses the incubating Vector API, so it is loaded only when the JVM runs
 * with {@code --add-modules=jdk.incubator.vector}.
 */
final class VectorSolve {

    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    private VectorSolve() {
    }

    /**
     * Overwrites the first right-hand sides of {@code x} with {@code L^-1 x}, a whole number of
     * steps of {@code 2 * LANES} of them.
     *
     * @return how many right-hand sides were solved; the rest, fewer than a step, are left as they are
     */
    static int forward(double[] lower, int d, double[][] x, int rows) {
        int solved = rows - rows % (2 * LANES);
        for (int r = 0; r < solved; r += 2 * LANES) {
            int j = 0;
            for (; j + 3 < d; j += 4) {
                fourUnknowns(lower, d, x, r, j);
            }
            for (; j < d; j++) {
                oneUnknown(lower, d, x, r, j);
            }
        }
        return solved;
    }

    /** Solves unknowns j to j + 3 of right-hand sides r to r + 2 LANES - 1, unknowns 0 to j - 1 solved. */
    private static void fourUnknowns(double[] lower, int d, double[][] x, int r, int j) {
        int q = r + LANES;
        int a = j * d, b = a + d, c = b + d, e = c + d;
        DoubleVector s0 = DoubleVector.zero(SPECIES), s1 = s0, s2 = s0, s3 = s0, t0 = s0, t1 = s0, t2 = s0, t3 = s0;
        for (int k = 0; k < j; k++) {
            DoubleVector u = DoubleVector.fromArray(SPECIES, x[k], r), w = DoubleVector.fromArray(SPECIES, x[k], q);
            DoubleVector l0 = broadcast(lower[a + k]), l1 = broadcast(lower[b + k]);
            DoubleVector l2 = broadcast(lower[c + k]), l3 = broadcast(lower[e + k]);
            s0 = u.fma(l0, s0); t0 = w.fma(l0, t0);
            s1 = u.fma(l1, s1); t1 = w.fma(l1, t1);
            s2 = u.fma(l2, s2); t2 = w.fma(l2, t2);
            s3 = u.fma(l3, s3); t3 = w.fma(l3, t3);
        }
        DoubleVector z = solved(x[j], r, s0, lower[a + j]), y = solved(x[j], q, t0, lower[a + j]);
        DoubleVector l1 = broadcast(lower[b + j]), l2 = broadcast(lower[c + j]), l3 = broadcast(lower[e + j]);
        s1 = z.fma(l1, s1); t1 = y.fma(l1, t1);
        s2 = z.fma(l2, s2); t2 = y.fma(l2, t2);
        s3 = z.fma(l3, s3); t3 = y.fma(l3, t3);
        z = solved(x[j + 1], r, s1, lower[b + j + 1]);
        y = solved(x[j + 1], q, t1, lower[b + j + 1]);
        l2 = broadcast(lower[c + j + 1]);
        l3 = broadcast(lower[e + j + 1]);
        s2 = z.fma(l2, s2); t2 = y.fma(l2, t2);
        s3 = z.fma(l3, s3); t3 = y.fma(l3, t3);
        z = solved(x[j + 2], r, s2, lower[c + j + 2]);
        y = solved(x[j + 2], q, t2, lower[c + j + 2]);
        l3 = broadcast(lower[e + j + 2]);
        s3 = z.fma(l3, s3); t3 = y.fma(l3, t3);
        solved(x[j + 3], r, s3, lower[e + j + 3]);
        solved(x[j + 3], q, t3, lower[e + j + 3]);
    }

    /** Solves unknown j of right-hand sides r to r + 2 LANES - 1, unknowns 0 to j - 1 solved. */
    private static void oneUnknown(double[] lower, int d, double[][] x, int r, int j) {
        int q = r + LANES;
        int a = j * d;
        DoubleVector s = DoubleVector.zero(SPECIES), t = s;
        for (int k = 0; k < j; k++) {
            DoubleVector l = broadcast(lower[a + k]);
            s = DoubleVector.fromArray(SPECIES, x[k], r).fma(l, s);
            t = DoubleVector.fromArray(SPECIES, x[k], q).fma(l, t);
        }
        solved(x[j], r, s, lower[a + j]);
        solved(x[j], q, t, lower[a + j]);
    }

    /** Stores and returns {@code (xj - sum) / diagonal} at {@code xj[r..r + LANES)}. */
    private static DoubleVector solved(double[] xj, int r, DoubleVector sum, double diagonal) {
        DoubleVector z = DoubleVector.fromArray(SPECIES, xj, r).sub(sum).div(diagonal);
        z.intoArray(xj, r);
        return z;
    }

    private static DoubleVector broadcast(double v) {
        return DoubleVector.broadcast(SPECIES, v);
    }
}

package dev.mvstat.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

/**
 * {@link TriangularSolve#forwardInPlace}'s forward substitution, blocked for the caches and the
 * SIMD registers: right-looking block forward substitution (Golub and Van Loan, Matrix
 * Computations, 4th ed., section 3.1), most of its work cast as a matrix product the way GotoBLAS
 * casts its triangular solve (Goto and van de Geijn, "High-performance implementation of the
 * level-3 BLAS", TOMS 2008). For each block K of {@link #KC} unknowns, every strip of
 * {@link #STRIP} right-hand sides first solves the unknowns of K against the diagonal block of L,
 * then loses their contributions to the later unknowns, {@code x_j -= sum_{k in K} l_jk x_k}: a
 * kernel of six unknowns by the strip's two vectors, twelve accumulators (fifteen registers with
 * x_k and l_jk, within AVX2's sixteen), reading the strip's x_K packed in L1 and {@link #MC} rows
 * of L's panel from L2, so that L comes from memory once per block of right-hand sides rather than
 * once per strip. The diagonal blocks take four unknowns at a time.
 *
 * <p>Every right-hand side gets the same operations in the same order: each unknown loses the sum
 * over each earlier block in turn, every sum formed from zero by fused multiply-adds in k order,
 * then is {@code (x_j - sum) * (1 / l_jj)} with its own block's sum. The solve runs on whole
 * strips, so no right-hand side takes another path. Uses the incubating Vector API, so it is
 * loaded only when the JVM runs with {@code --add-modules=jdk.incubator.vector}.
 */
final class VectorSolve {

    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /** Right-hand sides per kernel call: two vectors. */
    static final int STRIP = 2 * LANES;
    /** Unknowns per block: a strip's x_K (16 KB at 8 lanes) stays in L1. */
    private static final int KC = 128;
    /** Later unknowns per sweep of the update, a multiple of six: their rows of L's panel (252 KB) stay in L2. */
    private static final int MC = 252;

    private VectorSolve() {}

    /**
     * Overwrites {@code x} with {@code L^-1 x} for {@code rows} right-hand sides rounded up to whole
     * strips; the right-hand sides added by the rounding are set to zero first.
     */
    static void forward(double[] lower, int d, double[][] x, int rows) {
        int padded = TriangularSolve.paddedRows(rows);
        for (int j = 0; j < d; j++) {
            Arrays.fill(x[j], rows, padded, 0.0);
        }
        double[] packed = new double[Math.min(KC, d) * STRIP];
        for (int k0 = 0; k0 < d; k0 += KC) {
            int k1 = Math.min(d, k0 + KC);
            for (int r = 0; r < padded; r += STRIP) {
                solveBlock(lower, d, x, r, k0, k1);
            }
            for (int j0 = k1; j0 < d; j0 += MC) {
                int j1 = Math.min(d, j0 + MC);
                for (int r = 0; r < padded; r += STRIP) {
                    pack(x, r, k0, k1, packed);
                    update(lower, d, x, r, k0, k1, j0, j1, packed);
                }
            }
        }
    }

    /** Solves unknowns k0 to k1 - 1 of the strip at r, the earlier blocks' sums already subtracted. */
    private static void solveBlock(double[] lower, int d, double[][] x, int r, int k0, int k1) {
        int j = k0;
        for (; j + 3 < k1; j += 4) {
            fourUnknowns(lower, d, x, r, k0, j);
        }
        for (; j < k1; j++) {
            oneUnknown(lower, d, x, r, k0, j);
        }
    }

    /** Copies unknowns k0 to k1 - 1 of the strip at r into {@code packed}, {@link #STRIP} values each. */
    private static void pack(double[][] x, int r, int k0, int k1, double[] packed) {
        for (int k = k0; k < k1; k++) {
            System.arraycopy(x[k], r, packed, (k - k0) * STRIP, STRIP);
        }
    }

    /** Subtracts the sums over k0 to k1 - 1 ({@code packed}) from unknowns j0 to j1 - 1 of the strip at r. */
    private static void update(
            double[] lower, int d, double[][] x, int r, int k0, int k1, int j0, int j1, double[] packed) {
        int j = j0;
        for (; j + 5 < j1; j += 6) {
            sixUpdates(lower, d, x, r, k0, k1, j, packed);
        }
        for (; j < j1; j++) {
            oneUpdate(lower, d, x, r, k0, k1, j, packed);
        }
    }

    /** Subtracts the sums over k0 to k1 - 1 from unknowns j to j + 5 of the strip at r. */
    private static void sixUpdates(double[] lower, int d, double[][] x, int r, int k0, int k1, int j, double[] packed) {
        int a0 = j * d, a1 = a0 + d, a2 = a1 + d, a3 = a2 + d, a4 = a3 + d, a5 = a4 + d;
        DoubleVector s0 = DoubleVector.zero(SPECIES), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0;
        DoubleVector t0 = s0, t1 = s0, t2 = s0, t3 = s0, t4 = s0, t5 = s0;
        for (int k = k0, p = 0; k < k1; k++, p += STRIP) {
            DoubleVector u = DoubleVector.fromArray(SPECIES, packed, p);
            DoubleVector w = DoubleVector.fromArray(SPECIES, packed, p + LANES);
            DoubleVector l = DoubleVector.broadcast(SPECIES, lower[a0 + k]);
            s0 = u.fma(l, s0);
            t0 = w.fma(l, t0);
            l = DoubleVector.broadcast(SPECIES, lower[a1 + k]);
            s1 = u.fma(l, s1);
            t1 = w.fma(l, t1);
            l = DoubleVector.broadcast(SPECIES, lower[a2 + k]);
            s2 = u.fma(l, s2);
            t2 = w.fma(l, t2);
            l = DoubleVector.broadcast(SPECIES, lower[a3 + k]);
            s3 = u.fma(l, s3);
            t3 = w.fma(l, t3);
            l = DoubleVector.broadcast(SPECIES, lower[a4 + k]);
            s4 = u.fma(l, s4);
            t4 = w.fma(l, t4);
            l = DoubleVector.broadcast(SPECIES, lower[a5 + k]);
            s5 = u.fma(l, s5);
            t5 = w.fma(l, t5);
        }
        subtract(x[j], r, s0, t0);
        subtract(x[j + 1], r, s1, t1);
        subtract(x[j + 2], r, s2, t2);
        subtract(x[j + 3], r, s3, t3);
        subtract(x[j + 4], r, s4, t4);
        subtract(x[j + 5], r, s5, t5);
    }

    /** Subtracts the sum over k0 to k1 - 1 from unknown j of the strip at r. */
    private static void oneUpdate(double[] lower, int d, double[][] x, int r, int k0, int k1, int j, double[] packed) {
        int a = j * d;
        DoubleVector s = DoubleVector.zero(SPECIES), t = s;
        for (int k = k0, p = 0; k < k1; k++, p += STRIP) {
            DoubleVector l = DoubleVector.broadcast(SPECIES, lower[a + k]);
            s = DoubleVector.fromArray(SPECIES, packed, p).fma(l, s);
            t = DoubleVector.fromArray(SPECIES, packed, p + LANES).fma(l, t);
        }
        subtract(x[j], r, s, t);
    }

    private static void subtract(double[] xj, int r, DoubleVector s, DoubleVector t) {
        DoubleVector.fromArray(SPECIES, xj, r).sub(s).intoArray(xj, r);
        DoubleVector.fromArray(SPECIES, xj, r + LANES).sub(t).intoArray(xj, r + LANES);
    }

    /**
     * Solves unknowns j to j + 3 of the strip at r, unknowns k0 to j - 1 solved: each is
     * {@code (x_j - sum) * (1 / l_jj)}, a reciprocal that does not wait for the sum.
     */
    private static void fourUnknowns(double[] lower, int d, double[][] x, int r, int k0, int j) {
        int q = r + LANES;
        int a = j * d, b = a + d, c = b + d, e = c + d;
        DoubleVector s0 = DoubleVector.zero(SPECIES), s1 = s0, s2 = s0, s3 = s0, t0 = s0, t1 = s0, t2 = s0, t3 = s0;
        for (int k = k0; k < j; k++) {
            DoubleVector u = DoubleVector.fromArray(SPECIES, x[k], r), w = DoubleVector.fromArray(SPECIES, x[k], q);
            DoubleVector l0 = DoubleVector.broadcast(SPECIES, lower[a + k]);
            DoubleVector l1 = DoubleVector.broadcast(SPECIES, lower[b + k]);
            DoubleVector l2 = DoubleVector.broadcast(SPECIES, lower[c + k]);
            DoubleVector l3 = DoubleVector.broadcast(SPECIES, lower[e + k]);
            s0 = u.fma(l0, s0);
            t0 = w.fma(l0, t0);
            s1 = u.fma(l1, s1);
            t1 = w.fma(l1, t1);
            s2 = u.fma(l2, s2);
            t2 = w.fma(l2, t2);
            s3 = u.fma(l3, s3);
            t3 = w.fma(l3, t3);
        }
        double[] x0 = x[j], x1 = x[j + 1], x2 = x[j + 2], x3 = x[j + 3];
        DoubleVector z = DoubleVector.fromArray(SPECIES, x0, r).sub(s0).mul(1 / lower[a + j]);
        DoubleVector y = DoubleVector.fromArray(SPECIES, x0, q).sub(t0).mul(1 / lower[a + j]);
        z.intoArray(x0, r);
        y.intoArray(x0, q);
        DoubleVector l1 = DoubleVector.broadcast(SPECIES, lower[b + j]);
        DoubleVector l2 = DoubleVector.broadcast(SPECIES, lower[c + j]);
        DoubleVector l3 = DoubleVector.broadcast(SPECIES, lower[e + j]);
        s1 = z.fma(l1, s1);
        t1 = y.fma(l1, t1);
        s2 = z.fma(l2, s2);
        t2 = y.fma(l2, t2);
        s3 = z.fma(l3, s3);
        t3 = y.fma(l3, t3);
        z = DoubleVector.fromArray(SPECIES, x1, r).sub(s1).mul(1 / lower[b + j + 1]);
        y = DoubleVector.fromArray(SPECIES, x1, q).sub(t1).mul(1 / lower[b + j + 1]);
        z.intoArray(x1, r);
        y.intoArray(x1, q);
        l2 = DoubleVector.broadcast(SPECIES, lower[c + j + 1]);
        l3 = DoubleVector.broadcast(SPECIES, lower[e + j + 1]);
        s2 = z.fma(l2, s2);
        t2 = y.fma(l2, t2);
        s3 = z.fma(l3, s3);
        t3 = y.fma(l3, t3);
        z = DoubleVector.fromArray(SPECIES, x2, r).sub(s2).mul(1 / lower[c + j + 2]);
        y = DoubleVector.fromArray(SPECIES, x2, q).sub(t2).mul(1 / lower[c + j + 2]);
        z.intoArray(x2, r);
        y.intoArray(x2, q);
        l3 = DoubleVector.broadcast(SPECIES, lower[e + j + 2]);
        s3 = z.fma(l3, s3);
        t3 = y.fma(l3, t3);
        DoubleVector.fromArray(SPECIES, x3, r).sub(s3).mul(1 / lower[e + j + 3]).intoArray(x3, r);
        DoubleVector.fromArray(SPECIES, x3, q).sub(t3).mul(1 / lower[e + j + 3]).intoArray(x3, q);
    }

    /** Solves unknown j of the strip at r, unknowns k0 to j - 1 solved. */
    private static void oneUnknown(double[] lower, int d, double[][] x, int r, int k0, int j) {
        int q = r + LANES;
        int a = j * d;
        DoubleVector s = DoubleVector.zero(SPECIES), t = s;
        for (int k = k0; k < j; k++) {
            DoubleVector l = DoubleVector.broadcast(SPECIES, lower[a + k]);
            s = DoubleVector.fromArray(SPECIES, x[k], r).fma(l, s);
            t = DoubleVector.fromArray(SPECIES, x[k], q).fma(l, t);
        }
        DoubleVector.fromArray(SPECIES, x[j], r).sub(s).mul(1 / lower[a + j]).intoArray(x[j], r);
        DoubleVector.fromArray(SPECIES, x[j], q).sub(t).mul(1 / lower[a + j]).intoArray(x[j], q);
    }
}

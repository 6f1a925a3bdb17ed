package dev.mvstat.linalg;

import java.util.Arrays;

/**
 * Eigenvalues of a symmetric matrix in the two steps of LAPACK's {@code dsyev} without eigenvectors
 * (Golub and Van Loan, Matrix Computations, 4th ed., sections 8.3.1 and 8.3.5): Householder
 * reduction to a tridiagonal matrix {@code T = Q^T A Q}, then the implicit QL iteration with
 * Wilkinson shifts on T, Q never formed (Bowdler, Martin, Reinsch and Wilkinson, "The QR and QL
 * algorithms for symmetric matrices", 1968: EISPACK's {@code tql1}). Both steps are backward
 * stable, so each eigenvalue is within a small multiple of {@code d eps ||A||} of the exact one:
 * accurate relative to the largest eigenvalue, as numpy's {@code eigvalsh}, not to itself.
 *
 * <p>The reduction works on the triangle right of the diagonal of a row-major copy (the lower
 * triangle in LAPACK's column-major terms), by rows with contiguous loops. It is blocked as
 * LAPACK's {@code dsytrd}: of its 4 d^3 / 3 flops, half are the products {@code A v}, one pass
 * over the trailing matrix per column, and half the panels' rank-2k updates, in
 * {@link PanelUpdate}'s register-blocked kernel. The iteration takes O(d^2).
 */
public final class SymmetricEigen {

    /** QL iterations allowed per eigenvalue; 2 or 3 are typical (LAPACK allows 30). */
    private static final int MAX_ITERATIONS = 30;

    private static final double EPSILON = Math.ulp(1.0);
    /** Columns per panel of the reduction. */
    private static final int BLOCK = 32;
    /** Columns per chunk of the trailing update: 32 rows of V and W of this length fill 128 KiB. */
    private static final int CHUNK = 256;
    /** Whether the reduction uses SIMD vectors ({@link VectorTridiagonal}, {@link VectorPanelUpdate}) by default, as {@link Gram}'s Java kernel does. */
    private static final boolean SIMD = Gram.simdAvailable();

    private SymmetricEigen() {}

    /**
     * @param a d x d row-major symmetric matrix; only its upper triangle is read; not modified
     * @param d order of the matrix
     * @return the eigenvalues in ascending order
     */
    public static double[] eigenvalues(double[] a, int d) {
        return eigenvalues(a, d, SIMD);
    }

    /** {@link #eigenvalues(double[], int)} with the reduction in SIMD vectors or not. */
    static double[] eigenvalues(double[] a, int d, boolean simd) {
        if (d < 0 || a.length != (long) d * d) {
            throw new IllegalArgumentException(
                    "expected a " + d + " x " + d + " matrix, actual " + a.length + " entries");
        }
        double[] diagonal = new double[d];
        double[] offDiagonal = new double[d];
        tridiagonalize(a.clone(), d, diagonal, offDiagonal, simd);
        tridiagonalEigenvalues(diagonal, offDiagonal);
        Arrays.sort(diagonal);
        return diagonal;
    }

    /**
     * Householder tridiagonalization {@code T = Q^T A Q}, Q = H_0 ... H_{d-3} with
     * {@code H_k = I - tau v v^T} zeroing row k right of its superdiagonal (Golub and Van Loan,
     * Algorithm 8.3.1), blocked as LAPACK's {@code dsytrd} and {@code dlatrd}: the reflectors of a
     * panel of columns are found with the trailing matrix left as it was, their updates
     * {@code A -= V W^T + W V^T} carried in V and W, and applied at the end of the panel. Since
     * {@code a.length == d * d}, every index into {@code m} fits an int.
     *
     * @param m           d x d row-major, of which the triangle right of the diagonal is read; overwritten
     * @param diagonal    receives T's diagonal
     * @param offDiagonal receives T's superdiagonal in its first d - 1 entries
     */
    private static void tridiagonalize(double[] m, int d, double[] diagonal, double[] offDiagonal, boolean simd) {
        int block = Math.min(BLOCK, d);
        // Row j of v and w: the panel's reflector j and its update vector, indexed by column.
        double[] v = new double[block * d], w = new double[block * d];
        double[] product = new double[d], vDots = new double[block], wDots = new double[block];
        for (int k0 = 0; k0 < d; k0 += BLOCK) {
            int k1 = Math.min(k0 + BLOCK, d);
            for (int k = k0; k < k1; k++) {
                int j = k - k0, row = k * d, vj = j * d, next = k + 1;
                subtractPanel(m, d, k, v, w, j, k, d);
                diagonal[k] = m[row + k];
                if (next == d) {
                    break;
                }
                double tau = reflector(m, row + next, d - next, v, vj + next);
                offDiagonal[k] = m[row + next];
                if (tau == 0) {
                    Arrays.fill(v, vj + next, vj + d, 0);
                    Arrays.fill(w, vj + next, vj + d, 0);
                    continue;
                }
                Arrays.fill(product, next, d, 0);
                for (int r = next; r < d; r++) {
                    product[r] += simd
                            ? VectorTridiagonal.multiplyRow(m, r * d, r, d, v, vj, product)
                            : multiplyRow(m, r * d, r, d, v, vj, product);
                }
                // The product with the matrix as the panel's earlier reflectors leave it: less V W^T v + W V^T v.
                for (int i = 0; i < j; i++) {
                    wDots[i] = dot(w, i * d + next, v, vj + next, d - next);
                    vDots[i] = dot(v, i * d + next, v, vj + next, d - next);
                }
                PanelUpdate.subtract(product, 0, wDots, 0, 1, j, v, d, next, d);
                PanelUpdate.subtract(product, 0, vDots, 0, 1, j, w, d, next, d);
                updateVector(v, vj, product, tau, next, d, w);
            }
            if (k1 < d) {
                updateTrailing(m, d, k1, v, w, k1 - k0, simd);
            }
        }
    }

    /** Columns {@code from} to {@code end - 1} of row r less the panel's first {@code count} updates {@code V W^T + W V^T}. */
    private static void subtractPanel(double[] m, int d, int r, double[] v, double[] w, int count, int from, int end) {
        PanelUpdate.subtract(m, r * d, v, r, d, count, w, d, from, end);
        PanelUpdate.subtract(m, r * d, w, r, d, count, v, d, from, end);
    }

    /**
     * The panel's updates on the trailing triangle, rows and columns from k1 on, by rows: in chunks
     * of columns whose rows of V and W stay in cache; with SIMD, four rows at a time in
     * {@link VectorPanelUpdate}'s tiles, and the columns outside whole tiles here.
     */
    private static void updateTrailing(double[] m, int d, int k1, double[] v, double[] w, int count, boolean simd) {
        for (int from = k1; from < d; from += CHUNK) {
            int to = Math.min(from + CHUNK, d);
            int r = k1;
            if (simd) {
                for (; r + 3 < to; r += 4) {
                    int start = Math.max(from, r + 3);
                    VectorPanelUpdate.subtractFourRows(m, r * d, d, v, r, 1, d, count, w, start, to);
                    int done = VectorPanelUpdate.subtractFourRows(m, r * d, d, w, r, 1, d, count, v, start, to);
                    for (int q = r; q < r + 4; q++) {
                        subtractPanel(m, d, q, v, w, count, Math.max(from, q), start);
                        subtractPanel(m, d, q, v, w, count, done, to);
                    }
                }
            }
            for (; r < to; r++) {
                subtractPanel(m, d, r, v, w, count, Math.max(from, r), to);
            }
        }
    }

    /**
     * Row r's share of {@code A v} over the trailing symmetric matrix whose triangle right of the
     * diagonal is stored: v_r times the row right of the diagonal added to {@code product}, and the
     * row's dot product with v returned.
     *
     * @param v holds v at {@code v[offset + j]}
     */
    static double multiplyRow(double[] m, int row, int r, int d, double[] v, int offset, double[] product) {
        double vr = v[offset + r];
        for (int j = r + 1; j < d; j++) {
            product[j] += vr * m[row + j];
        }
        return dot(m, row + r, v, offset + r, d - r);
    }

    /** {@code sum x[xFrom + i] y[yFrom + i]} over i < n, in four interleaved partial sums. */
    private static double dot(double[] x, int xFrom, double[] y, int yFrom, int n) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += x[xFrom + i] * y[yFrom + i];
            s1 += x[xFrom + i + 1] * y[yFrom + i + 1];
            s2 += x[xFrom + i + 2] * y[yFrom + i + 2];
            s3 += x[xFrom + i + 3] * y[yFrom + i + 3];
        }
        for (; i < n; i++) {
            s0 += x[xFrom + i] * y[yFrom + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * The reflector {@code H = I - tau v v^T} with {@code H x = beta e_1}, as LAPACK's
     * {@code dlarfg}: v_0 = 1, and tau = 0 (H = I) when x is already a multiple of e_1.
     *
     * @param x    holds the n entries of x from {@code from}; its first becomes beta
     * @param v    receives v at {@code to .. to + n - 1}
     * @return tau
     */
    private static double reflector(double[] x, int from, int n, double[] v, int to) {
        double alpha = x[from];
        double tailNorm = norm(x, from + 1, n - 1);
        if (tailNorm == 0) {
            return 0;
        }
        double beta = -Math.copySign(Math.hypot(alpha, tailNorm), alpha);
        double scale = 1 / (alpha - beta);
        v[to] = 1;
        for (int i = 1; i < n; i++) {
            v[to + i] = x[from + i] * scale;
        }
        x[from] = beta;
        return (beta - alpha) / beta;
    }

    /** Euclidean norm of n entries, scaled by the largest so that no square overflows or underflows. */
    private static double norm(double[] x, int from, int n) {
        double largest = 0;
        for (int i = from; i < from + n; i++) {
            largest = Math.max(largest, Math.abs(x[i]));
        }
        if (largest == 0 || !Double.isFinite(largest)) {
            return largest;
        }
        double inverse = 1 / largest;
        double sum = 0;
        for (int i = from; i < from + n; i++) {
            double scaled = x[i] * inverse;
            sum += scaled * scaled;
        }
        return largest * Math.sqrt(sum);
    }

    /**
     * The vector of the rank-2 update {@code H A H = A - v w^T - w v^T}:
     * {@code w = p - (tau / 2) (p^T v) v} with {@code p = tau A v}.
     *
     * @param v v and w at {@code offset + j}
     */
    private static void updateVector(
            double[] v, int offset, double[] product, double tau, int from, int d, double[] w) {
        double pv = 0;
        for (int j = from; j < d; j++) {
            w[offset + j] = tau * product[j];
            pv += w[offset + j] * v[offset + j];
        }
        double half = tau / 2 * pv;
        for (int j = from; j < d; j++) {
            w[offset + j] -= half * v[offset + j];
        }
    }

    /**
     * Overwrites {@code diagonal} with the eigenvalues of the symmetric tridiagonal matrix, unsorted:
     * implicit QL steps with the shift of the leading 2 x 2 block's eigenvalue closer to its first
     * diagonal entry, until each superdiagonal entry is below {@code eps ||T||}, as in {@code tql1}.
     * The matrix is first scaled by a power of two to largest entry about 1, so that the rotations'
     * {@code sqrt(f^2 + g^2)} cannot overflow.
     *
     * @param offDiagonal the superdiagonal in its first n - 1 entries, the last entry ignored; overwritten
     */
    private static void tridiagonalEigenvalues(double[] diagonal, double[] offDiagonal) {
        int n = diagonal.length;
        if (n == 0) {
            return;
        }
        offDiagonal[n - 1] = 0;
        double largest = 0;
        for (int i = 0; i < n; i++) {
            largest = Math.max(largest, Math.max(Math.abs(diagonal[i]), Math.abs(offDiagonal[i])));
        }
        if (largest == 0 || !Double.isFinite(largest)) {
            return;
        }
        int exponent = Math.getExponent(largest);
        double norm = 0;
        for (int i = 0; i < n; i++) {
            diagonal[i] = Math.scalb(diagonal[i], -exponent);
            offDiagonal[i] = Math.scalb(offDiagonal[i], -exponent);
            norm = Math.max(norm, Math.abs(diagonal[i]) + Math.abs(offDiagonal[i]));
        }
        double negligible = EPSILON * norm;
        for (int l = 0; l < n; l++) {
            for (int iteration = 0; ; iteration++) {
                int m = l;
                while (m < n - 1 && Math.abs(offDiagonal[m]) > negligible) {
                    m++;
                }
                if (m == l) {
                    break;
                }
                if (iteration == MAX_ITERATIONS) {
                    throw new ArithmeticException(
                            "QL eigenvalue iteration did not converge in " + MAX_ITERATIONS + " iterations");
                }
                qlStep(diagonal, offDiagonal, l, m);
            }
        }
        for (int i = 0; i < n; i++) {
            diagonal[i] = Math.scalb(diagonal[i], exponent);
        }
    }

    /**
     * One implicit QL step on the unreduced block l..m (Golub and Van Loan, Algorithm 8.3.2, run
     * from the bottom): a plane rotation chased up from row m.
     */
    private static void qlStep(double[] diagonal, double[] offDiagonal, int l, int m) {
        double g = (diagonal[l + 1] - diagonal[l]) / (2 * offDiagonal[l]);
        double r = Math.hypot(g, 1);
        g = diagonal[m] - diagonal[l] + offDiagonal[l] / (g + Math.copySign(r, g));
        double s = 1, c = 1, p = 0;
        for (int i = m - 1; i >= l; i--) {
            double f = s * offDiagonal[i], b = c * offDiagonal[i];
            r = Math.sqrt(f * f + g * g);
            offDiagonal[i + 1] = r;
            if (r == 0) {
                // f and g underflowed: the block splits at i + 1; the caller iterates on the parts.
                diagonal[i + 1] -= p;
                offDiagonal[m] = 0;
                return;
            }
            s = f / r;
            c = g / r;
            g = diagonal[i + 1] - p;
            r = (diagonal[i] - g) * s + 2 * c * b;
            p = s * r;
            diagonal[i + 1] = g + p;
            g = c * r - b;
        }
        diagonal[l] -= p;
        offDiagonal[l] = g;
        offDiagonal[m] = 0;
    }
}

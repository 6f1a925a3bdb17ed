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
 * <p>The reduction reads and writes the triangle right of the diagonal of a row-major copy (the
 * lower triangle in LAPACK's column-major terms), one row at a time with contiguous loops: step k
 * applies step k - 1's rank-2 update {@code A -= v w^T + w v^T} to a row and at once adds that
 * row's share of the product {@code A v} for step k's reflector, so each step passes over the
 * trailing matrix once. 4 d^3 / 3 flops, then O(d^2) for the iteration.
 */
public final class SymmetricEigen {

    /** QL iterations allowed per eigenvalue; 2 or 3 are typical (LAPACK allows 30). */
    private static final int MAX_ITERATIONS = 30;
    private static final double EPSILON = Math.ulp(1.0);
    /** Whether the reduction's row pass uses SIMD vectors ({@link VectorTridiagonal}) by default, as {@link Gram}'s Java kernel does. */
    private static final boolean SIMD = Gram.simdAvailable();

    private SymmetricEigen() {
    }

    /**
     * @param a d x d row-major symmetric matrix; only its upper triangle is read; not modified
     * @param d order of the matrix
     * @return the eigenvalues in ascending order
     */
    public static double[] eigenvalues(double[] a, int d) {
        return eigenvalues(a, d, SIMD);
    }

    /** {@link #eigenvalues(double[], int)} with the reduction's row pass in SIMD vectors or not. */
    static double[] eigenvalues(double[] a, int d, boolean simd) {
        if (d < 0 || a.length != (long) d * d) {
            throw new IllegalArgumentException("expected a " + d + " x " + d + " matrix, actual "
                    + a.length + " entries");
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
     * Algorithm 8.3.1). Since {@code a.length == d * d} every index into {@code m} fits an int.
     *
     * @param m           d x d row-major, of which the triangle right of the diagonal is read; overwritten
     * @param diagonal    receives T's diagonal
     * @param offDiagonal receives T's superdiagonal in its first d - 1 entries
     */
    private static void tridiagonalize(double[] m, int d, double[] diagonal, double[] offDiagonal, boolean simd) {
        // The update still to apply, A -= u w^T + w u^T, is zero while u and w are.
        double[] v = new double[d], u = new double[d], w = new double[d], product = new double[d];
        for (int k = 0; k < d; k++) {
            int row = k * d;
            rankTwoUpdate(m, row, k, d, u, w);
            diagonal[k] = m[row + k];
            if (k == d - 1) {
                break;
            }
            double tau = reflector(m, row + k + 1, d - k - 1, v, k + 1);
            offDiagonal[k] = m[row + k + 1];
            if (tau == 0) {
                for (int r = k + 1; r < d; r++) {
                    rankTwoUpdate(m, r * d, r, d, u, w);
                }
                Arrays.fill(u, 0);
                Arrays.fill(w, 0);
                continue;
            }
            Arrays.fill(product, k + 1, d, 0);
            for (int r = k + 1; r < d; r++) {
                product[r] += simd ? VectorTridiagonal.updateRow(m, r * d, r, d, u, w, v, product)
                        : updateRow(m, r * d, r, d, u, w, v, product);
            }
            updateVector(v, product, tau, k + 1, d, w);
            double[] swap = u;
            u = v;
            v = swap;
        }
    }

    /**
     * Row r of the trailing matrix in one pass: {@code A -= u w^T + w u^T} from the diagonal on,
     * then the row's share of {@code A v} over the symmetric matrix whose triangle right of the
     * diagonal is stored: v_r times the row right of the diagonal added to {@code product}, and the
     * row's dot product with v returned.
     */
    static double updateRow(double[] m, int row, int r, int d, double[] u, double[] w, double[] v,
                            double[] product) {
        rankTwoUpdate(m, row, r, d, u, w);
        double vr = v[r];
        for (int j = r + 1; j < d; j++) {
            product[j] += vr * m[row + j];
        }
        return dot(m, row + r, v, r, d - r);
    }

    /** Row r, from the diagonal on, of {@code A -= u w^T + w u^T}. */
    private static void rankTwoUpdate(double[] m, int row, int r, int d, double[] u, double[] w) {
        double ur = u[r], wr = w[r];
        for (int j = r; j < d; j++) {
            m[row + j] -= ur * w[j] + wr * u[j];
        }
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
     */
    private static void updateVector(double[] v, double[] product, double tau, int from, int d, double[] w) {
        double pv = 0;
        for (int j = from; j < d; j++) {
            w[j] = tau * product[j];
            pv += w[j] * v[j];
        }
        double half = tau / 2 * pv;
        for (int j = from; j < d; j++) {
            w[j] -= half * v[j];
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
                    throw new ArithmeticException("QL eigenvalue iteration did not converge in "
                            + MAX_ITERATIONS + " iterations");
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

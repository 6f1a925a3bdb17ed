package dev.mvstat.linalg;

/**
 * Triangular solves with a Cholesky factor L, no inverse formed (Golub and Van Loan, Matrix
 * Computations, 4th ed., section 3.1).
 *
 * <p>{@link #forwardInPlace}: forward substitution {@code Z = L^-1 X} for a block of right-hand
 * sides stored by column, the whitening step of Mahalanobis scoring, {@code |L^-1 (x - m)|^2 = (x - m)^T S^-1 (x - m)} for
 * {@code S = L L^T}. {@code x[j][r]} is variable j of right-hand side r: each step of the substitution is then an
 * update of one contiguous array by four others at a time ({@code x_j -= l_jk x_k + ...}), a loop
 * the JIT vectorizes; with the Vector API, {@link VectorSolve} blocks it for the caches and the
 * registers, on whole strips of right-hand sides ({@link #paddedRows}). {@link #forwardColumns} and
 * {@link #backwardTransposedColumns}: the same and its transpose on a flat d x k array, for the
 * d x d and d x 1 solves of a likelihood gradient.
 */
public final class TriangularSolve {

    /** Whether {@link #forwardInPlace} solves with SIMD vectors ({@link VectorSolve}), as {@link Gram}'s Java kernel does. */
    private static final boolean SIMD = Gram.simdAvailable();
    /** The right-hand sides {@link #forwardInPlace} solves at a time. */
    private static final int STRIP = SIMD ? VectorSolve.STRIP : 1;

    private TriangularSolve() {}

    /**
     * @param rows a number of right-hand sides
     * @return the length {@link #forwardInPlace}'s arrays need for them: {@code rows} rounded up to
     *         whole strips of right-hand sides (two SIMD vectors with the Vector API, else one)
     */
    public static int paddedRows(int rows) {
        return -Math.floorDiv(-rows, STRIP) * STRIP;
    }

    /**
     * Overwrites {@code x} with {@code L^-1 x}. Every right-hand side gets the same operations
     * whatever its place in the block and the block's length.
     *
     * @param lower L, row-major d x d, lower triangular with a non-zero diagonal; not modified
     * @param d     the order of L
     * @param x     d arrays, one per variable, each holding at least {@link #paddedRows paddedRows(rows)}
     *              values; the first {@code rows} are solved, the rest up to {@code paddedRows(rows)}
     *              are overwritten, any further ones left as they are
     * @param rows  the number of right-hand sides
     */
    public static void forwardInPlace(double[] lower, int d, double[][] x, int rows) {
        if (SIMD) {
            VectorSolve.forward(lower, d, x, rows);
            return;
        }
        for (int j = 0; j < d; j++) {
            double[] xj = x[j];
            int row = j * d;
            int k = 0;
            for (; k + 3 < j; k += 4) {
                double l0 = lower[row + k], l1 = lower[row + k + 1], l2 = lower[row + k + 2], l3 = lower[row + k + 3];
                double[] x0 = x[k], x1 = x[k + 1], x2 = x[k + 2], x3 = x[k + 3];
                for (int r = 0; r < rows; r++) {
                    xj[r] -= l0 * x0[r] + l1 * x1[r] + l2 * x2[r] + l3 * x3[r];
                }
            }
            for (; k < j; k++) {
                double l = lower[row + k];
                double[] xk = x[k];
                for (int r = 0; r < rows; r++) {
                    xj[r] -= l * xk[r];
                }
            }
            double inverse = 1 / lower[row + j];
            for (int r = 0; r < rows; r++) {
                xj[r] *= inverse;
            }
        }
    }

    /**
     * Overwrites {@code b} with {@code L^-1 b}, for a few right-hand sides stored by row.
     *
     * @param l L, row-major d x d, lower triangular with a non-zero diagonal; not modified
     * @param b row-major d x k: row i holds variable i of the k right-hand sides; modified
     */
    public static void forwardColumns(double[] l, int d, double[] b, int k) {
        for (int i = 0; i < d; i++) {
            for (int p = 0; p < i; p++) {
                double lip = l[i * d + p];
                for (int c = 0; c < k; c++) {
                    b[i * k + c] -= lip * b[p * k + c];
                }
            }
            double inverse = 1 / l[i * d + i];
            for (int c = 0; c < k; c++) {
                b[i * k + c] *= inverse;
            }
        }
    }

    /**
     * Overwrites {@code b} with {@code L^-T b} (back substitution with the transpose).
     *
     * @param l L, row-major d x d, lower triangular with a non-zero diagonal; not modified
     * @param b row-major d x k, as for {@link #forwardColumns}; modified
     */
    public static void backwardTransposedColumns(double[] l, int d, double[] b, int k) {
        for (int i = d - 1; i >= 0; i--) {
            for (int p = i + 1; p < d; p++) {
                double lpi = l[p * d + i];
                for (int c = 0; c < k; c++) {
                    b[i * k + c] -= lpi * b[p * k + c];
                }
            }
            double inverse = 1 / l[i * d + i];
            for (int c = 0; c < k; c++) {
                b[i * k + c] *= inverse;
            }
        }
    }
}

package dev.mvstat.linalg;

import java.util.ArrayList;
import java.util.List;

/**
 * Cholesky factorization {@code A = L L^T} of a symmetric positive semi-definite matrix that
 * decides positive definiteness numerically.
 *
 * <p>Column k is <em>dependent</em> when its Schur-complement pivot is at most
 * {@code tolerance * A[k][k]}: the fraction of column k's variance that the earlier columns do not
 * explain (1 - R^2 of the regression of column k on columns 0..k-1) is below the tolerance. The
 * test is invariant to the scale of each column, so a column in the millions next to one in the
 * millionths is fine. A dependent column gets a zero column in L and the factorization goes on,
 * so that the numerical rank and every dependent column are known (Golub and Van Loan, Matrix
 * Computations, 4th ed., section 4.2.8). The matrix is positive definite iff no column is
 * dependent.
 *
 * <p>The factorization is blocked and right-looking, as LAPACK's {@code dpotrf} (Golub and Van
 * Loan, section 4.2.9): for each block of 64 columns, the diagonal block row by row, the rows below
 * it by forward substitution, then the Schur complement of the block on the trailing lower
 * triangle, which carries nearly all of the d^3 / 3 flops in contiguous axpys over row-major rows
 * ({@link VectorPanelUpdate}'s register tiles with the Vector API). Since {@code a.length == d * d},
 * every index into L fits an int.
 */
public final class Cholesky {

    /** Default relative pivot tolerance: 1 - R^2 below this makes a column dependent. */
    public static final double DEFAULT_TOLERANCE = 1e-12;

    /** Columns per block. */
    private static final int BLOCK = 64;
    /** Columns per chunk of the trailing update: 64 rows of P of this length fill 128 KiB. */
    private static final int CHUNK = 256;
    /** Whether the trailing update uses SIMD tiles ({@link VectorPanelUpdate}) by default, as {@link Gram}'s Java kernel does. */
    private static final boolean SIMD = Gram.simdAvailable();

    /** Matrix order. */
    private final int d;
    /** L, row-major d x d, zero above the diagonal and in the columns of dependent columns. */
    private final double[] lower;
    /** Indices of the dependent columns, ascending. */
    private final int[] dependent;

    private Cholesky(int d, double[] lower, int[] dependent) {
        this.d = d;
        this.lower = lower;
        this.dependent = dependent;
    }

    /** Factors {@code a} with {@link #DEFAULT_TOLERANCE}. */
    public static Cholesky factor(double[] a, int d) {
        return factor(a, d, DEFAULT_TOLERANCE);
    }

    /**
     * Factors a symmetric matrix.
     *
     * @param a         d x d row-major symmetric matrix; only its lower triangle is read; not modified
     * @param d         order of the matrix
     * @param tolerance relative pivot tolerance, in [0, 1)
     * @return the factorization, which records the dependent columns
     * @throws IllegalArgumentException if the sizes disagree or an entry is not finite
     */
    public static Cholesky factor(double[] a, int d, double tolerance) {
        return factor(a, d, tolerance, SIMD);
    }

    /** {@link #factor(double[], int, double)} with the trailing update in SIMD tiles or not. */
    static Cholesky factor(double[] a, int d, double tolerance, boolean simd) {
        if (d < 0 || a.length != (long) d * d) {
            throw new IllegalArgumentException("expected a " + d + " x " + d + " matrix (" + (long) d * d
                    + " entries), actual " + a.length + " entries");
        }
        for (double v : a) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("matrix has a non-finite entry: " + v);
            }
        }
        double[] l = new double[d * d];
        for (int i = 0; i < d; i++) {
            System.arraycopy(a, i * d, l, i * d, i + 1);
        }
        List<Integer> dependent = new ArrayList<>();
        double[] panel = new double[Math.min(BLOCK, d) * d];
        double[] work = new double[d];
        for (int k0 = 0; k0 < d; k0 += BLOCK) {
            int k1 = Math.min(k0 + BLOCK, d);
            for (int k = k0; k < k1; k++) {
                solveRow(l, d, k0, k, k);
                int row = k * d;
                double pivot = l[row + k] - dot(l, row + k0, row + k0, k - k0);
                if (pivot <= tolerance * a[row + k] || pivot <= 0) {
                    l[row + k] = 0;
                    dependent.add(k);
                } else {
                    l[row + k] = Math.sqrt(pivot);
                }
            }
            if (k1 < d) {
                solvePanel(l, d, k0, k1, panel, work);
                updateTrailing(l, d, k0, k1, panel, simd);
            }
        }
        return new Cholesky(d, l, dependent.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * Columns k0 to {@code end - 1} of row i of L from row i of the Schur complement that
     * {@link #updateTrailing} left there, by forward substitution with the rows of the diagonal
     * block above: {@code l_ik = (s_ik - sum_{k0 <= j < k} l_ij l_kj) / l_kk}, 0 in a dependent column.
     */
    private static void solveRow(double[] l, int d, int k0, int end, int i) {
        int row = i * d;
        for (int k = k0; k < end; k++) {
            double lkk = l[k * d + k];
            l[row + k] = lkk == 0 ? 0 : (l[row + k] - dot(l, row + k0, k * d + k0, k - k0)) / lkk;
        }
    }

    private static double dot(double[] l, int rowI, int rowK, int n) {
        double s = 0;
        for (int j = 0; j < n; j++) {
            s += l[rowI + j] * l[rowK + j];
        }
        return s;
    }

    /**
     * Columns k0 to k1 - 1 of L below the diagonal block, as {@link #solveRow} would compute them
     * one row at a time, but column by column on the transposed panel {@code P = L_KK^-1 S_IK^T}
     * (rows i >= k1 of the Schur complement S), so that every step is a {@link PanelUpdate} over contiguous
     * entries of P; in chunks of columns of P that stay in cache; then copied into L.
     *
     * @param panel receives P: {@code panel[(k - k0) * d + i] = l_ik} for i >= k1
     * @param work  d entries of workspace
     */
    private static void solvePanel(double[] l, int d, int k0, int k1, double[] panel, double[] work) {
        for (int from = k1; from < d; from += CHUNK) {
            int to = Math.min(from + CHUNK, d);
            for (int k = k0; k < k1; k++) {
                int row = k * d;
                for (int i = from; i < to; i++) {
                    work[i] = l[i * d + k];
                }
                PanelUpdate.subtract(work, 0, l, row + k0, 1, k - k0, panel, d, from, to);
                double lkk = l[row + k];
                int pk = (k - k0) * d;
                for (int i = from; i < to; i++) {
                    double lik = lkk == 0 ? 0 : work[i] / lkk;
                    panel[pk + i] = lik;
                    l[i * d + k] = lik;
                }
            }
        }
    }

    /**
     * The Schur complement of the block columns k0 to k1 - 1 on the lower triangle right and
     * below them, {@code S_ij -= sum_k l_ik l_jk} (i >= j >= k1), by rows, with the transposed
     * panel P of {@link #solvePanel}. Columns go in chunks whose rows of P stay in cache while
     * every row below the chunk's first column is updated; with SIMD, four rows at a time in
     * {@link VectorPanelUpdate}'s tiles, and the columns past the last whole tile here.
     */
    private static void updateTrailing(double[] l, int d, int k0, int k1, double[] panel, boolean simd) {
        for (int from = k1; from < d; from += CHUNK) {
            int to = Math.min(from + CHUNK, d);
            int i = from;
            if (simd) {
                for (; i + 3 < d; i += 4) {
                    int done = VectorPanelUpdate.subtractFourRows(
                            l, i * d, d, l, i * d + k0, d, 1, k1 - k0, panel, from, Math.min(to, i + 1));
                    for (int r = i; r < i + 4; r++) {
                        PanelUpdate.subtract(l, r * d, l, r * d + k0, 1, k1 - k0, panel, d, done, Math.min(to, r + 1));
                    }
                }
            }
            for (; i < d; i++) {
                PanelUpdate.subtract(l, i * d, l, i * d + k0, 1, k1 - k0, panel, d, from, Math.min(to, i + 1));
            }
        }
    }

    /** @return the matrix order */
    public int dimension() {
        return d;
    }

    /** @return whether every pivot passed the tolerance */
    public boolean isPositiveDefinite() {
        return dependent.length == 0;
    }

    /** @return the numerical rank: the number of independent columns */
    public int rank() {
        return d - dependent.length;
    }

    /** @return the dependent column indices, ascending (a copy) */
    public int[] dependentColumns() {
        return dependent.clone();
    }

    /** @return L, row-major d x d (a copy) */
    public double[] lower() {
        return lower.clone();
    }

    /**
     * How column k depends on the columns before it: the coefficients b of the least-squares fit
     * of column k on columns 0..k-1 (in the factored matrix's inner product), which reproduce it
     * exactly when k is dependent. Row k of L holds column k's coordinates in the orthonormal
     * basis of the earlier independent columns; b solves {@code L_k^T b = l_k} by back
     * substitution, with 0 for dependent earlier columns.
     *
     * @param k a column index
     * @return b, of length k (a new array)
     */
    public double[] dependenceOf(int k) {
        if (k < 0 || k >= d) {
            throw new IllegalArgumentException("expected a column index in [0, " + d + "), actual " + k);
        }
        double[] b = new double[k];
        for (int j = k - 1; j >= 0; j--) {
            double ljj = lower[j * d + j];
            if (ljj == 0) {
                continue;
            }
            double s = lower[k * d + j];
            for (int i = j + 1; i < k; i++) {
                s -= lower[i * d + j] * b[i];
            }
            b[j] = s / ljj;
        }
        return b;
    }
}

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
 */
public final class Cholesky {

    /** Default relative pivot tolerance: 1 - R^2 below this makes a column dependent. */
    public static final double DEFAULT_TOLERANCE = 1e-12;

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
        if (a.length != d * d) {
            throw new IllegalArgumentException("expected a " + d + " x " + d + " matrix ("
                    + d * d + " entries), actual " + a.length + " entries");
        }
        for (double v : a) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("matrix has a non-finite entry: " + v);
            }
        }
        double[] l = new double[d * d];
        List<Integer> dependent = new ArrayList<>();
        for (int k = 0; k < d; k++) {
            double pivot = a[k * d + k] - dot(l, k * d, k * d, k);
            if (pivot <= tolerance * a[k * d + k] || pivot <= 0) {
                dependent.add(k);
                continue;
            }
            double lkk = Math.sqrt(pivot);
            l[k * d + k] = lkk;
            for (int i = k + 1; i < d; i++) {
                l[i * d + k] = (a[i * d + k] - dot(l, i * d, k * d, k)) / lkk;
            }
        }
        return new Cholesky(d, l, dependent.stream().mapToInt(Integer::intValue).toArray());
    }

    private static double dot(double[] l, int rowI, int rowK, int n) {
        double s = 0;
        for (int j = 0; j < n; j++) {
            s += l[rowI + j] * l[rowK + j];
        }
        return s;
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

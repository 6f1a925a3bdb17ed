package dev.mvstat.moments;

import dev.mvstat.linalg.Cholesky;
import dev.mvstat.linalg.SymmetricEigen;

import java.util.List;

/**
 * What the covariance job computes and later jobs read as their model: count, mean, sample
 * covariance, Pearson (and optionally Spearman) correlation, positive definiteness, numerical rank
 * and eigenvalues. Matrices are row-major d x d; undefined correlations are NaN. Immutable: the
 * constructor and the accessors copy arrays (so {@code equals} compares arrays by identity).
 *
 * @param columns          column names, in order
 * @param count            rows used
 * @param mean             column means
 * @param covariance       sample covariance, denominator n - 1
 * @param correlation      Pearson correlation
 * @param spearman         Spearman rank correlation, or null when not computed
 * @param positiveDefinite whether the covariance passed {@link Cholesky}'s test
 * @param rank             numerical rank of the covariance
 * @param dependentColumns the columns {@link Cholesky} found dependent on earlier ones
 * @param eigenvalues      eigenvalues of the covariance, ascending
 */
public record CovarianceModel(
        List<String> columns,
        long count,
        double[] mean,
        double[] covariance,
        double[] correlation,
        double[] spearman,
        boolean positiveDefinite,
        int rank,
        int[] dependentColumns,
        double[] eigenvalues) {

    /** Copies every array, so that the model is immutable whoever built it. */
    public CovarianceModel {
        columns = List.copyOf(columns);
        mean = mean.clone();
        covariance = covariance.clone();
        correlation = correlation.clone();
        spearman = spearman == null ? null : spearman.clone();
        dependentColumns = dependentColumns.clone();
        eigenvalues = eigenvalues.clone();
    }

    /**
     * Builds the model from accumulated co-moments.
     *
     * @param columns  column names, one per accumulator column
     * @param moments  the co-moments of at least 2 rows; not modified
     * @param spearman Spearman correlation (row-major d x d), or null
     * @return the model
     * @throws ArithmeticException if a covariance overflowed (values near the square root of the
     *                             largest double), naming the column
     */
    public static CovarianceModel of(List<String> columns, CoMoments moments, double[] spearman) {
        return of(columns, moments, spearman, new double[moments.dimension()]);
    }

    /**
     * Builds the model of rows that were accumulated less an offset (a pivot subtracted, for instance
     * exactly in decimal, so that data far from zero loses no digits): the offset is added back to the
     * mean; every other statistic is translation invariant.
     *
     * @param columns  column names, one per accumulator column
     * @param moments  the co-moments of at least 2 rows minus {@code offset}; not modified
     * @param spearman Spearman correlation (row-major d x d), or null
     * @param offset   the values subtracted from every row, one per column; not modified
     * @return the model of the rows as they were
     * @throws ArithmeticException if a covariance overflowed, naming the column
     */
    public static CovarianceModel of(List<String> columns, CoMoments moments, double[] spearman, double[] offset) {
        int d = moments.dimension();
        if (columns.size() != d) {
            throw new IllegalArgumentException("expected " + d + " column names, actual " + columns.size());
        }
        return of(columns, moments.count(), moments.mean(offset), sampleCovariance(columns, moments), spearman);
    }

    /**
     * The sample covariance of accumulated co-moments, checked finite.
     *
     * @param columns column names, one per accumulator column, for the message
     * @param moments the co-moments of at least 2 rows; not modified
     * @return the covariance, denominator n - 1, row-major d x d
     * @throws ArithmeticException if a variance overflowed (values near the square root of the
     *                             largest double), naming the column
     */
    public static double[] sampleCovariance(List<String> columns, CoMoments moments) {
        int d = moments.dimension();
        double[] cov = moments.covariance();
        for (int j = 0; j < d; j++) {
            if (!Double.isFinite(cov[j * d + j])) {
                throw new ArithmeticException("the variance of column '" + columns.get(j)
                        + "' overflows double precision; rescale the column");
            }
        }
        return cov;
    }

    /**
     * Builds the model from a mean and a sample covariance, such as a stored model's.
     *
     * @param columns    column names
     * @param count      rows the covariance came from
     * @param mean       column means
     * @param covariance sample covariance, row-major d x d, finite
     * @param spearman   Spearman correlation, or null
     * @return the model, with correlation, rank and eigenvalues derived from the covariance
     */
    public static CovarianceModel of(
            List<String> columns, long count, double[] mean, double[] covariance, double[] spearman) {
        int d = columns.size();
        Cholesky cholesky = Cholesky.factor(covariance, d);
        return new CovarianceModel(
                columns,
                count,
                mean,
                covariance,
                Correlation.fromCovariance(covariance, d),
                spearman,
                cholesky.isPositiveDefinite(),
                cholesky.rank(),
                cholesky.dependentColumns(),
                SymmetricEigen.eigenvalues(covariance, d));
    }

    /** @return the number of columns */
    public int dimension() {
        return columns.size();
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] covariance() {
        return covariance.clone();
    }

    @Override
    public double[] correlation() {
        return correlation.clone();
    }

    @Override
    public double[] spearman() {
        return spearman == null ? null : spearman.clone();
    }

    @Override
    public int[] dependentColumns() {
        return dependentColumns.clone();
    }

    @Override
    public double[] eigenvalues() {
        return eigenvalues.clone();
    }
}

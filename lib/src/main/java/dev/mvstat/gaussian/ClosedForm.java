package dev.mvstat.gaussian;

import dev.mvstat.linalg.Cholesky;
import dev.mvstat.moments.CoMoments;
import dev.mvstat.moments.Names;

import java.util.List;

/**
 * The exact maximum-likelihood Gaussian of rows: their mean and covariance with denominator n. It exists only with more rows
 * than columns and a positive-definite covariance; otherwise {@link #of} is a numerical error.
 *
 * @param count rows
 * @param model the Gaussian, original units
 * @param meanNll its mean NLL per row on the rows (natural log)
 */
public record ClosedForm(long count, CholeskyGaussian model, double meanNll) {

    /**
     * @param where   what the rows are, for messages ("iris.csv", "group 'setosa'")
     * @param moments their co-moments, of rows minus {@code pivot}
     * @param pivot   the shift of the rows
     * @param columns the column names
     * @throws ArithmeticException if no maximum-likelihood Gaussian exists
     */
    public static ClosedForm of(String where, CoMoments moments, double[] pivot, List<String> columns) {
        int d = moments.dimension();
        if (moments.count() < d + 1) {
            throw new ArithmeticException(where + ": " + moments.count() + " rows; the maximum-likelihood Gaussian in "
                    + d + " dimensions needs at least " + (d + 1));
        }
        double[] covariance = moments.covariance(0);
        Cholesky factor = Cholesky.factor(covariance, d);
        if (!factor.isPositiveDefinite()) {
            throw new ArithmeticException(where + ": the covariance is singular (rank " + factor.rank() + " of " + d
                    + ", dependent columns " + Names.listed(columns, factor.dependentColumns())
                    + "): no maximum-likelihood Gaussian exists");
        }
        double[] mean = moments.mean(pivot);
        CholeskyGaussian model = CholeskyGaussian.of(mean, factor.lower());
        return new ClosedForm(moments.count(), model, model.meanNll(mean, covariance));
    }
}

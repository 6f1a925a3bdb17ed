package dev.mvstat.mahalanobis;

import dev.mvstat.linalg.Cholesky;
import dev.mvstat.moments.CovarianceModel;

import java.io.Serializable;
import java.util.List;

/**
 * What Mahalanobis scoring needs on every executor: the mean and the Cholesky factor L of the
 * (regularized) covariance S = L L^T, factored once on the driver, so that
 * {@code d^2(x) = |L^-1 (x - mean)|^2} with no inverse formed. Immutable and small (d^2 doubles):
 * broadcast it. A class, not a record, so that Spark's Kryo serializer can build it.
 */
public final class MahalanobisModel implements Serializable {

    private final String[] columns;
    private final long count;
    private final double[] mean;
    /** The regularized covariance, row-major. */
    private final double[] covariance;
    /** Its Cholesky factor, row-major lower triangular. */
    private final double[] lower;

    private final Regularization regularization;
    private final double intensity;
    private final double conditionNumber;

    private MahalanobisModel(
            String[] columns,
            long count,
            double[] mean,
            double[] covariance,
            double[] lower,
            Regularization regularization,
            double intensity,
            double conditionNumber) {
        this.columns = columns;
        this.count = count;
        this.mean = mean;
        this.covariance = covariance;
        this.lower = lower;
        this.regularization = regularization;
        this.intensity = intensity;
        this.conditionNumber = conditionNumber;
    }

    /**
     * Regularizes and factors a covariance model.
     *
     * @param model             the covariance model (sample covariance, its count and mean)
     * @param regularization    what to do to the covariance first
     * @param sumOfFourthPowers {@code sum_k |x_k - mean|^4} over the model's rows, when
     *                          {@link Regularization#needsFourthMoments()}; else ignored
     * @return the model to score with
     * @throws SingularCovarianceException if the (regularized) covariance is not positive definite
     */
    public static MahalanobisModel fit(CovarianceModel model, Regularization regularization, double sumOfFourthPowers) {
        int d = model.dimension();
        String[] columns = model.columns().toArray(new String[0]);
        Regularization.Result r = regularization.apply(model.covariance(), d, model.count(), sumOfFourthPowers);
        Cholesky cholesky = Cholesky.factor(r.covariance(), d);
        if (!cholesky.isPositiveDefinite()) {
            throw SingularCovarianceException.of(columns, r.covariance(), cholesky);
        }
        double[] eigenvalues = r.eigenvalues(model.eigenvalues());
        return new MahalanobisModel(
                columns,
                model.count(),
                model.mean(),
                r.covariance(),
                cholesky.lower(),
                regularization,
                r.intensity(),
                eigenvalues[d - 1] / eigenvalues[0]);
    }

    /**
     * Rebuilds a fitted model from what it exposes, such as a saved one: the covariance is factored
     * again by the same deterministic algorithm, so the factor is bit-identical to the original.
     *
     * @param columns         column names
     * @param count           rows the covariance was estimated from
     * @param mean            the mean; not modified
     * @param covariance      the regularized covariance, row-major d x d; not modified
     * @param regularization  the regularization applied, as {@link Regularization#parse} reads it
     * @param intensity       its intensity
     * @param conditionNumber the covariance's condition number
     * @return the model
     * @throws IllegalArgumentException    if the sizes disagree
     * @throws SingularCovarianceException if the covariance is not positive definite
     */
    public static MahalanobisModel restore(
            List<String> columns,
            long count,
            double[] mean,
            double[] covariance,
            String regularization,
            double intensity,
            double conditionNumber) {
        int d = columns.size();
        if (mean.length != d || covariance.length != d * d) {
            throw new IllegalArgumentException("expected a mean of " + d + " values and a covariance of " + d * d
                    + ", actual " + mean.length + " and " + covariance.length);
        }
        String[] names = columns.toArray(new String[0]);
        Cholesky cholesky = Cholesky.factor(covariance, d);
        if (!cholesky.isPositiveDefinite()) {
            throw SingularCovarianceException.of(names, covariance, cholesky);
        }
        return new MahalanobisModel(
                names,
                count,
                mean.clone(),
                covariance.clone(),
                cholesky.lower(),
                Regularization.parse(regularization),
                intensity,
                conditionNumber);
    }

    /**
     * @param offset values already subtracted from the rows that will be added (a pivot), or
     *               zeros; not modified
     * @return a new workspace that scores rows from which {@code offset} was subtracted
     */
    public Whitener whitener(double[] offset) {
        if (offset.length != mean.length) {
            throw new IllegalArgumentException(
                    "expected an offset of " + mean.length + " values, actual " + offset.length);
        }
        double[] center = new double[mean.length];
        for (int j = 0; j < center.length; j++) {
            center[j] = mean[j] - offset[j];
        }
        return new Whitener(center, lower);
    }

    /** @return a new workspace that scores rows as they are */
    public Whitener whitener() {
        return whitener(new double[mean.length]);
    }

    /** @return the column names, in order */
    public List<String> columns() {
        return List.of(columns);
    }

    /** @return the number of columns */
    public int dimension() {
        return columns.length;
    }

    /** @return the rows the covariance was estimated from */
    public long count() {
        return count;
    }

    /** @return the mean (a copy) */
    public double[] mean() {
        return mean.clone();
    }

    /** @return the regularized covariance, row-major (a copy) */
    public double[] covariance() {
        return covariance.clone();
    }

    /** @return the Cholesky factor, row-major lower triangular (a copy) */
    public double[] lower() {
        return lower.clone();
    }

    /** @return the regularization applied (its text is what {@link Regularization#parse} reads) */
    public Regularization regularization() {
        return regularization;
    }

    /** @return the shrinkage intensity, the ridge's lambda, or 0 */
    public double intensity() {
        return intensity;
    }

    /** @return the ratio of the largest to the smallest eigenvalue of the regularized covariance */
    public double conditionNumber() {
        return conditionNumber;
    }
}

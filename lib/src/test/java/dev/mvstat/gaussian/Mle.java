package dev.mvstat.gaussian;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mvstat.linalg.Cholesky;
import dev.mvstat.optimize.Optimizer;
import dev.mvstat.testing.TestData;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A maximum-likelihood Gaussian to compare fits with: mean, covariance (denominator n) and mean NLL
 * per row (natural log), read from a reference file or computed from rows.
 */
record Mle(double[] mean, double[] covariance, double meanNll) {

    /** The largest mean-NLL gap to the optimum a fit may leave. */
    static final double NLL_TOLERANCE = 1e-6;
    /** The largest relative error of mean and covariance. */
    static final double RELATIVE_TOLERANCE = 1e-3;
    /** How far below the optimum a reported mean NLL may be: rounding only. */
    private static final double ROUNDING = 1e-9;

    /** From a reference node {@code {mean, covariance, mean_nll}}; numbers may be JSON strings. */
    static Mle reference(JsonNode node) {
        return new Mle(
                TestData.doubles(node.get("mean")),
                TestData.doubles(node.get("covariance")),
                node.get("mean_nll").asDouble());
    }

    /**
     * Computed from rows: two-pass mean and covariance, and the mean NLL at the optimum,
     * {@code d/2 (1 + log 2 pi) + 1/2 log det(covariance)}.
     */
    static Mle of(List<double[]> rows) {
        int d = rows.get(0).length;
        int n = rows.size();
        double[] mean = new double[d];
        for (double[] row : rows) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        double[] covariance = new double[d * d];
        for (double[] row : rows) {
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    covariance[i * d + j] += (row[i] - mean[i]) * (row[j] - mean[j]);
                }
            }
        }
        for (int k = 0; k < d * d; k++) {
            covariance[k] /= n;
        }
        double[] l = lower(covariance, d);
        double halfLogDet = 0;
        for (int i = 0; i < d; i++) {
            halfLogDet += Math.log(l[i * d + i]);
        }
        return new Mle(mean, covariance, 0.5 * d * (1 + Math.log(2 * Math.PI)) + halfLogDet);
    }

    /** The Cholesky factor of the covariance, row-major. */
    double[] cholesky() {
        return lower(covariance, mean.length);
    }

    private static double[] lower(double[] covariance, int d) {
        Cholesky c = Cholesky.factor(covariance, d);
        assertTrue(c.isPositiveDefinite(), "MLE covariance is positive definite");
        return c.lower();
    }

    /**
     * Asserts that a fitted group is this Gaussian: a finite model, a mean NLL at most
     * {@link #NLL_TOLERANCE} above the optimum and not below it, mean and covariance within
     * {@link #RELATIVE_TOLERANCE} in relative Euclidean / Frobenius norm, and every entry within
     * that tolerance in units of the standard deviations (so that columns of tiny scale count too).
     */
    void assertFitted(GaussianFit.Group group, String what) {
        CholeskyGaussian model = group.model();
        assertTrue(model.isFinite(), what + ": model not finite");
        double gap = group.meanNll() - meanNll;
        assertTrue(
                gap >= -ROUNDING && gap <= NLL_TOLERANCE,
                what + ": mean NLL " + group.meanNll() + ", optimum " + meanNll + ", gap " + gap);
        double[] fittedMean = model.mean();
        double[] fittedCovariance = model.covariance();
        assertTrue(relativeError(covariance, fittedCovariance) <= RELATIVE_TOLERANCE, what + ": covariance");
        assertTrue(relativeError(mean, fittedMean) <= RELATIVE_TOLERANCE, what + ": mean");
        int d = mean.length;
        for (int i = 0; i < d; i++) {
            double si = Math.sqrt(covariance[i * d + i]);
            assertEquals(mean[i], fittedMean[i], RELATIVE_TOLERANCE * si, what + ": mean " + i);
            for (int j = 0; j < d; j++) {
                double sj = Math.sqrt(covariance[j * d + j]);
                assertEquals(
                        covariance[i * d + j],
                        fittedCovariance[i * d + j],
                        RELATIVE_TOLERANCE * si * sj,
                        what + ": covariance " + i + "," + j);
            }
        }
    }

    /** {@code |actual - expected| / |expected|} in the Euclidean norm. */
    private static double relativeError(double[] expected, double[] actual) {
        double[] difference = actual.clone();
        for (int i = 0; i < difference.length; i++) {
            difference[i] -= expected[i];
        }
        return Optimizer.norm(difference) / Optimizer.norm(expected);
    }
}

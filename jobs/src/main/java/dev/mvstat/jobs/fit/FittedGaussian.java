package dev.mvstat.jobs.fit;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.mvstat.gaussian.CholeskyGaussian;
import dev.mvstat.gaussian.ClosedForm;
import dev.mvstat.gaussian.GaussianFit;
import dev.mvstat.jobs.output.Json;
import dev.mvstat.spark.DistributedGaussianFit;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;

/**
 * One fitted Gaussian in original units beside its closed-form answer.
 *
 * @param key   the group value, or "" when ungrouped
 * @param fit   the fitted group (its model still in the rows' shifted units)
 * @param model the fitted Gaussian, original units
 * @param exact the closed-form maximum-likelihood Gaussian
 */
public record FittedGaussian(String key, GaussianFit.Group fit, CholeskyGaussian model, ClosedForm exact) {

    /** Pairs each fitted group with its closed form, shifting the fits back by the pivot. */
    static List<FittedGaussian> all(
            DistributedGaussianFit.KeyedFit fit, SortedMap<String, ClosedForm> exact, double[] pivot) {
        List<String> keys = fit.keys().isEmpty() ? List.of("") : fit.keys();
        List<FittedGaussian> out = new ArrayList<>();
        for (int g = 0; g < keys.size(); g++) {
            GaussianFit.Group group = fit.fit().groups().get(g);
            out.add(new FittedGaussian(keys.get(g), group, group.model().translated(pivot), exact.get(keys.get(g))));
        }
        return out;
    }

    public long count() {
        return fit.count();
    }

    /** The fit's mean NLL minus the optimum's: exactly KL(MLE || fit), nats per row. */
    public double nllGap() {
        return fit.meanNll() - exact.meanNll();
    }

    /** {@code |fitted - exact|_F / |exact|_F} of the covariance. */
    public double covarianceGap() {
        double[] a = model.covariance();
        double[] b = exact.model().covariance();
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < a.length; i++) {
            diff += (a[i] - b[i]) * (a[i] - b[i]);
            norm += b[i] * b[i];
        }
        return Math.sqrt(diff / norm);
    }

    /** @return the entry of gaussian.json for this Gaussian */
    Entry json() {
        int d = model.dimension();
        double meanGap = 0;
        for (int j = 0; j < d; j++) {
            meanGap = Math.max(meanGap, Math.abs(model.mean()[j] - exact.model().mean()[j]));
        }
        return new Entry(
                fit.count(),
                Json.vector(model.mean()),
                Json.matrix(model.covariance(), d),
                Json.matrix(model.cholesky(), d),
                fit.meanNll(),
                fit.iterations(),
                fit.converged(),
                fit.stationarity(),
                new ClosedFormEntry(
                        Json.vector(exact.model().mean()),
                        Json.matrix(exact.model().covariance(), d),
                        exact.meanNll(),
                        new Gap(nllGap(), covarianceGap(), meanGap)));
    }

    /** A Gaussian's entry of gaussian.json: the fit, then the closed form beside it. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Entry(
            long count,
            List<Double> mean,
            List<List<Double>> covariance,
            List<List<Double>> cholesky,
            double meanNll,
            int iterations,
            boolean converged,
            double stationarity,
            ClosedFormEntry closedForm) {}

    /** The closed-form answer and the fit's gap to it. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ClosedFormEntry(List<Double> mean, List<List<Double>> covariance, double meanNll, Gap gap) {}

    /**
     * @param meanNll                     {@link #nllGap()}
     * @param covarianceRelativeFrobenius {@link #covarianceGap()}
     * @param meanMaxAbs                  the largest absolute difference of the means
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Gap(double meanNll, double covarianceRelativeFrobenius, double meanMaxAbs) {}
}

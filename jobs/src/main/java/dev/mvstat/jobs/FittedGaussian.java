package dev.mvstat.jobs;

import dev.mvstat.gaussian.CholeskyGaussian;
import dev.mvstat.gaussian.ClosedForm;
import dev.mvstat.gaussian.GaussianFit;
import dev.mvstat.jobs.output.Json;
import dev.mvstat.spark.DistributedGaussianFit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /** The entry of gaussian.json for this Gaussian. */
    Map<String, Object> json() {
        int d = model.dimension();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", fit.count());
        m.put("mean", Json.vector(model.mean()));
        m.put("covariance", Json.matrix(model.covariance(), d));
        m.put("cholesky", Json.matrix(model.cholesky(), d));
        m.put("mean_nll", fit.meanNll());
        m.put("iterations", fit.iterations());
        m.put("converged", fit.converged());
        m.put("stationarity", fit.stationarity());
        Map<String, Object> closed = new LinkedHashMap<>();
        closed.put("mean", Json.vector(exact.model().mean()));
        closed.put("covariance", Json.matrix(exact.model().covariance(), d));
        closed.put("mean_nll", exact.meanNll());
        Map<String, Object> gap = new LinkedHashMap<>();
        gap.put("mean_nll", nllGap());
        gap.put("covariance_relative_frobenius", covarianceGap());
        double meanGap = 0;
        for (int j = 0; j < d; j++) {
            meanGap = Math.max(meanGap, Math.abs(model.mean()[j] - exact.model().mean()[j]));
        }
        gap.put("mean_max_abs", meanGap);
        closed.put("gap", gap);
        m.put("closed_form", closed);
        return m;
    }
}

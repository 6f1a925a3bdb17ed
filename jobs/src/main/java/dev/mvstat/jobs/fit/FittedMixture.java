package dev.mvstat.jobs.fit;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.mvstat.gaussian.CholeskyGaussian;
import dev.mvstat.jobs.output.Json;
import dev.mvstat.mixture.GaussianMixture;
import dev.mvstat.mixture.MixtureFit;
import dev.mvstat.mixture.MixtureSettings;
import org.apache.spark.api.java.JavaRDD;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A fitted mixture in the data's units, with the rows each component is the most likely for.
 *
 * @param fit   the fit, its mixture in the rows' shifted units
 * @param model the mixture in the data's units
 * @param sizes per component, the rows whose most likely component it is
 */
record FittedMixture(MixtureFit fit, GaussianMixture model, long[] sizes) {

    /** When a mixture fit has converged, as mixture.json states it. */
    private static final String STOPPING = "converged when the mixture is within the tolerance of a fixed point of"
            + " the EM step over all rows: each weight against its component's share of the rows' posterior"
            + " probabilities, and each component's whitened residuals, weighted by those probabilities, against"
            + " mean 0 and second moment I";

    /**
     * @param pivot the shift of the fitted rows
     * @param rows  the fitted rows, minus the pivot
     * @return the fit shifted back by the pivot, with its components' sizes counted over the rows
     */
    static FittedMixture of(MixtureFit fit, double[] pivot, JavaRDD<double[]> rows) {
        GaussianMixture shifted = fit.mixture();
        int k = shifted.components();
        Map<Integer, Long> counts =
                rows.map(x -> mostLikely(shifted, x, new double[k])).countByValue();
        long[] sizes = new long[k];
        counts.forEach((component, rowCount) -> sizes[component] = rowCount);
        double[] ones = new double[pivot.length];
        Arrays.fill(ones, 1);
        return new FittedMixture(fit, shifted.affine(pivot, ones), sizes);
    }

    /**
     * @param x                a row, in the mixture's units
     * @param responsibilities receives each component's posterior probability given x
     * @return the most likely component of x (the first of equally likely ones)
     */
    static int mostLikely(GaussianMixture mixture, double[] x, double[] responsibilities) {
        mixture.logDensity(x, responsibilities);
        int best = 0;
        for (int k = 1; k < responsibilities.length; k++) {
            if (responsibilities[k] > responsibilities[best]) {
                best = k;
            }
        }
        return best;
    }

    /** @return the component sizes, in component order */
    List<Long> sizeList() {
        return Arrays.stream(sizes).boxed().toList();
    }

    /** @return mixture.json */
    MixtureFile json(List<String> columns, MixtureSettings settings) {
        int d = model.dimension();
        return new MixtureFile(
                columns,
                fit.rows(),
                model.components(),
                Json.vector(model.weights()),
                components(c -> Json.vector(c.mean())),
                components(c -> Json.matrix(c.covariance(), d)),
                components(c -> Json.matrix(c.cholesky(), d)),
                fit.meanLogLikelihood(),
                fit.converged(),
                fit.stationarity(),
                fit.epochs(),
                fit.trace().size(),
                fit.start(),
                Json.vector(fit.startLogLikelihoods().stream()
                        .mapToDouble(Double::doubleValue)
                        .toArray()),
                settings.starts(),
                settings.floor(),
                FitOptions.Entry.of(settings.fit(), fit.rows(), STOPPING));
    }

    /** @return {@code entry} of each component, in order */
    private <T> List<T> components(Function<CholeskyGaussian, T> entry) {
        List<T> out = new ArrayList<>();
        for (int k = 0; k < model.components(); k++) {
            out.add(entry.apply(model.component(k)));
        }
        return out;
    }

    /**
     * mixture.json: the columns, the components (weights, means, covariances and Cholesky factors,
     * K x d x d), how the fit went, every start's result, and the settings.
     *
     * @param meanLogLikelihood   the kept start's mean log-likelihood per row (natural log)
     * @param start               the kept start, from 0
     * @param startLogLikelihoods every start's mean log-likelihood per row
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record MixtureFile(
            List<String> columns,
            long rows,
            int k,
            List<Double> weights,
            List<List<Double>> means,
            List<List<List<Double>>> covariances,
            List<List<List<Double>>> cholesky,
            double meanLogLikelihood,
            boolean converged,
            double stationarity,
            int epochs,
            int steps,
            int start,
            List<Double> startLogLikelihoods,
            int starts,
            double covarianceFloor,
            FitOptions.Entry optimizer) {}
}

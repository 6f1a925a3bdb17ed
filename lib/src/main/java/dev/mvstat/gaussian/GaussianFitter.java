package dev.mvstat.gaussian;

import dev.mvstat.moments.ColumnMoments;
import dev.mvstat.optimize.Preconditioner;

import java.util.ArrayList;
import java.util.List;

/**
 * Maximum-likelihood Gaussians by mini-batch optimization ({@link BatchSchedule}): each step
 * evaluates the NLL and its gradient of one batch at every group's current parameters (one pass
 * over the batch's rows for all groups) and lets each group's optimizer update its parameters.
 *
 * <p><b>Coordinates.</b> Each group is fitted in its own standardized coordinates
 * ({@link Standardization#of}: each column's mean 0 and variance 1), starting from
 * the standard normal there, and mapped back to original units at the end. The start matches the
 * maximum-likelihood Gaussian's mean and variances already; the fit learns the correlations, and
 * the curvature it meets no longer depends on the columns' units.
 *
 * <p><b>Preconditioning.</b> Standardizing removes the columns' scales but not their correlation:
 * strongly correlated columns make the NLL a narrow valley in the parameters, along which plain
 * gradient steps crawl. Every optimizer therefore works with natural gradients, the gradient
 * preconditioned by the inverse Fisher information ({@link FisherPreconditioner}; L-BFGS takes it
 * as its initial inverse Hessian), in whose metric the problem is equally well conditioned for any
 * correlation. The {@code natural} optimizer goes one step further and steps to the batch's
 * maximum-likelihood answer in closed form ({@link Likelihood#naturalStep}).
 *
 * <p><b>Stopping.</b> A group has converged when its {@link Likelihood#stationarity()} over all
 * its rows is at most the tolerance: the mean of its whitened residuals is that close to 0 and
 * their second moment to I, the conditions that define the maximum-likelihood Gaussian, measured
 * free of the data's units.
 */
public final class GaussianFitter {

    private GaussianFitter() {}

    /**
     * Fits one Gaussian per group.
     *
     * @throws IllegalArgumentException if a group has at most d rows (no maximum-likelihood
     *                                  Gaussian exists) or the batch size exceeds the rows
     */
    public static GaussianFit fit(Batches data, FitSettings settings) {
        return fit(data, settings, null);
    }

    /**
     * As {@link #fit(Batches, FitSettings)}, naming the groups in messages and trace events.
     *
     * @param groupNames per group, its name; or null
     */
    public static GaussianFit fit(Batches data, FitSettings settings, List<String> groupNames) {
        ColumnMoments[] moments = data.columnMoments();
        if (groupNames != null && groupNames.size() != moments.length) {
            throw new IllegalArgumentException(groupNames.size() + " group names for " + moments.length + " groups");
        }
        List<String> labels = new ArrayList<>();
        for (int g = 0; g < moments.length; g++) {
            labels.add(
                    groupNames != null
                            ? "group " + groupNames.get(g) + ": "
                            : moments.length > 1 ? "group " + g + ": " : "");
        }
        int d = data.dimension();
        long n = 0;
        Standardization[] standardizations = new Standardization[moments.length];
        for (int g = 0; g < moments.length; g++) {
            if (moments[g].count() < d + 1) {
                throw new IllegalArgumentException(labels.get(g) + moments[g].count()
                        + " rows: the maximum-likelihood Gaussian in " + d + " dimensions needs at least " + (d + 1));
            }
            n += moments[g].count();
            standardizations[g] = Standardization.of(moments[g]);
        }
        Objective objective = new Objective(data, standardizations);
        BatchSchedule.Result result = BatchSchedule.run(objective, settings, n, labels);
        CholeskyGaussian[] best = objective.models(result.best().toArray(double[][]::new));
        Likelihood[] last = data.likelihood(1, 0, 1, best, standardizations);
        List<GaussianFit.Group> out = new ArrayList<>();
        for (int g = 0; g < moments.length; g++) {
            out.add(new GaussianFit.Group(
                    standardizations[g].toOriginal(best[g]),
                    moments[g].count(),
                    standardizations[g].toOriginal(last[g]).meanNll(),
                    last[g].stationarity(),
                    result.iterations().get(g),
                    result.converged().get(g)));
        }
        return new GaussianFit(out, result.trace(), result.epochs(), result.allConverged());
    }

    /** Each group's Gaussian NLL in its standardized coordinates. */
    private static final class Objective implements BatchObjective {
        private final Batches data;
        private final int d;
        private final Standardization[] standardizations;
        private final Preconditioner fisher;

        Objective(Batches data, Standardization[] standardizations) {
            this.data = data;
            this.d = data.dimension();
            this.standardizations = standardizations;
            this.fisher = new FisherPreconditioner(d);
        }

        @Override
        public int groups() {
            return standardizations.length;
        }

        /** The standard normal in each group's standardized coordinates. */
        @Override
        public double[] start(int g) {
            return CholeskyGaussian.standard(d).parameters();
        }

        @Override
        public Preconditioner preconditioner(int g) {
            return fisher;
        }

        @Override
        public boolean evaluable(int g, double[] point) {
            return CholeskyGaussian.fromParameters(d, point).isFinite();
        }

        @Override
        public BatchLoss[] evaluate(int blocks, int first, int span, double[][] points) {
            CholeskyGaussian[] models = models(points);
            Likelihood[] batch = data.likelihood(blocks, first, span, models, standardizations);
            BatchLoss[] out = new BatchLoss[batch.length];
            for (int g = 0; g < batch.length; g++) {
                Likelihood l = batch[g];
                out[g] = l.weight() == 0
                        ? new BatchLoss(
                                0,
                                Double.NaN,
                                Double.NaN,
                                new double[points[g].length],
                                new double[points[g].length],
                                Double.NaN)
                        : new BatchLoss(
                                l.weight(),
                                l.meanNll(),
                                standardizations[g].toOriginal(l).meanNll(),
                                l.meanGradient(),
                                l.naturalStep(models[g]),
                                l.stationarity());
            }
            return out;
        }

        private CholeskyGaussian[] models(double[][] points) {
            CholeskyGaussian[] models = new CholeskyGaussian[points.length];
            for (int g = 0; g < points.length; g++) {
                models[g] = CholeskyGaussian.fromParameters(d, points[g]);
            }
            return models;
        }
    }
}

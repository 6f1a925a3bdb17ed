package dev.mvstat.mixture;

import dev.mvstat.gaussian.BatchLoss;
import dev.mvstat.gaussian.BatchObjective;
import dev.mvstat.gaussian.BatchSchedule;
import dev.mvstat.gaussian.Batches;
import dev.mvstat.gaussian.Standardization;
import dev.mvstat.moments.ColumnMoments;
import dev.mvstat.optimize.Preconditioner;

import java.util.ArrayList;
import java.util.List;

/**
 * Mixtures of K full-covariance Gaussians by mini-batch optimization of their NLL
 * ({@link BatchSchedule}, with every optimizer of the single Gaussian's fit): executors sum
 * {@link MixtureStatistics} over a batch for every start at once, the driver turns them into the
 * loss, its exact gradient and the EM step, and each start's optimizer updates. With the
 * {@code natural} optimizer a full-batch step is exactly an EM iteration, and the growing
 * mini-batches before it make the early iterations cheap (as stochastic EM does; Cappé and
 * Moulines, "On-line expectation-maximization algorithm for latent data models", J. R. Stat. Soc.
 * B 71, 2009); the others step along the gradient preconditioned by the complete-data Fisher
 * information ({@link MixturePreconditioner}).
 *
 * <p>The fit works in standardized coordinates (each column's mean 0 and variance 1) and starts
 * from k-means++ on a sample of rows ({@link KMeansStart}), one seeding per start. It has
 * converged when the mixture is within the tolerance of a fixed point of the EM step.
 */
public final class MixtureFitter {

    /** The rows the starting points are seeded from, at most. */
    static final int SAMPLE_ROWS = 10_000;

    private MixtureFitter() {}

    /**
     * @param data     one group of rows
     * @param settings the components, optimizer, starts and floor
     * @throws IllegalArgumentException if the data are grouped, K is larger than the rows, there
     *                                  are fewer than {@code K (d + 1)} rows, or the batch size
     *                                  exceeds the rows
     */
    public static MixtureFit fit(Batches data, MixtureSettings settings) {
        ColumnMoments[] moments = data.columnMoments();
        if (moments.length != 1) {
            throw new IllegalArgumentException("a mixture is fitted to one group of rows, got " + moments.length);
        }
        int k = settings.components();
        int d = data.dimension();
        long n = moments[0].count();
        if (k > n) {
            throw new IllegalArgumentException(k + " components for " + n + " rows: K cannot exceed the rows");
        }
        if (n < (long) k * (d + 1)) {
            throw new IllegalArgumentException(n + " rows for " + k + " components in " + d
                    + " dimensions: a mixture needs at least K (d + 1) = " + (long) k * (d + 1) + " rows");
        }
        Standardization standardization = Standardization.of(moments[0]);
        List<double[]> sample = new ArrayList<>();
        for (double[] row : data.sample(SAMPLE_ROWS)) {
            double[] y = new double[d];
            standardization.apply(row, 0, y);
            sample.add(y);
        }
        List<double[]> starts = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int s = 0; s < settings.starts(); s++) {
            starts.add(KMeansStart.of(sample, k, settings.fit().seed() + s).parameters());
            labels.add(settings.starts() > 1 ? "start " + s + ": " : "");
        }
        Objective objective = new Objective(data, k, d, standardization, settings.floor(), starts);
        BatchSchedule.Result result = BatchSchedule.run(objective, settings.fit(), n, labels);
        double[][] best = result.best().toArray(double[][]::new);
        MixtureStatistics[] last = objective.statistics(1, 0, 1, best);
        List<Double> logLikelihoods = new ArrayList<>();
        int chosen = 0;
        for (int s = 0; s < best.length; s++) {
            logLikelihoods.add(-last[s].meanNll() - standardization.logJacobian());
            if (logLikelihoods.get(s) > logLikelihoods.get(chosen)) {
                chosen = s;
            }
        }
        GaussianMixture model = GaussianMixture.fromParameters(k, d, best[chosen]);
        return new MixtureFit(
                model.affine(standardization.center(), standardization.scale()),
                n,
                logLikelihoods.get(chosen),
                last[chosen].loss(model, settings.floor(), 0).stationarity(),
                result.converged().get(chosen),
                chosen,
                logLikelihoods,
                result.trace(),
                result.epochs());
    }

    /** Every start's mixture NLL with the floor's penalty, in standardized coordinates. */
    private static final class Objective implements BatchObjective {
        private final Batches data;
        private final int k;
        private final int d;
        private final Standardization standardization;
        private final double floor;
        private final List<double[]> starts;
        private final Preconditioner preconditioner;

        Objective(Batches data, int k, int d, Standardization standardization, double floor, List<double[]> starts) {
            this.data = data;
            this.k = k;
            this.d = d;
            this.standardization = standardization;
            this.floor = floor;
            this.starts = starts;
            this.preconditioner = new MixturePreconditioner(k, d);
        }

        @Override
        public int groups() {
            return starts.size();
        }

        @Override
        public double[] start(int g) {
            return starts.get(g).clone();
        }

        @Override
        public Preconditioner preconditioner(int g) {
            return preconditioner;
        }

        @Override
        public boolean evaluable(int g, double[] point) {
            return GaussianMixture.fromParameters(k, d, point).isFinite();
        }

        @Override
        public BatchLoss[] evaluate(int blocks, int first, int span, double[][] points) {
            MixtureStatistics[] statistics = statistics(blocks, first, span, points);
            BatchLoss[] out = new BatchLoss[points.length];
            for (int s = 0; s < points.length; s++) {
                out[s] = statistics[s].loss(
                        GaussianMixture.fromParameters(k, d, points[s]), floor, standardization.logJacobian());
            }
            return out;
        }

        /** Every start's sums over a batch, in one pass over its rows. */
        MixtureStatistics[] statistics(int blocks, int first, int span, double[][] points) {
            GaussianMixture[] models = new GaussianMixture[points.length];
            for (int s = 0; s < points.length; s++) {
                models[s] = GaussianMixture.fromParameters(k, d, points[s]);
            }
            Standardization st = standardization;
            List<MixtureStatistics[]> parts = data.map(part -> {
                MixtureStatistics.Accumulator[] sums = new MixtureStatistics.Accumulator[models.length];
                for (int s = 0; s < models.length; s++) {
                    sums[s] = new MixtureStatistics.Accumulator(models[s], st);
                }
                part.forEachRow(blocks, first, span, (values, offset, group) -> {
                    for (MixtureStatistics.Accumulator sum : sums) {
                        sum.add(values, offset);
                    }
                });
                MixtureStatistics[] out = new MixtureStatistics[models.length];
                for (int s = 0; s < models.length; s++) {
                    out[s] = sums[s].statistics();
                }
                return out;
            });
            return MixtureStatistics.sum(parts);
        }
    }
}

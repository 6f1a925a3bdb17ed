package dev.mvstat.jobs.bench;

import dev.mvstat.gaussian.Batches;
import dev.mvstat.gaussian.CholeskyGaussian;
import dev.mvstat.gaussian.ClosedForm;
import dev.mvstat.gaussian.FitSettings;
import dev.mvstat.gaussian.GaussianFit;
import dev.mvstat.gaussian.GaussianFitter;
import dev.mvstat.gaussian.Likelihood;
import dev.mvstat.gaussian.Standardization;
import dev.mvstat.gaussian.TraceStep;
import dev.mvstat.jobs.fit.GaussianReport;
import dev.mvstat.jobs.report.HtmlReport;
import dev.mvstat.moments.CoMoments;
import dev.mvstat.optimize.OptimizerKind;
import dev.mvstat.spark.CachedBatches;
import dev.mvstat.spark.DistributedCovariance;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench gaussian}: the cost of one epoch of mini-batch steps against one covariance pass
 * over the same cached rows ({@code epoch}), and each optimizer's time to a mean-NLL gap of 1e-6
 * from the closed-form optimum on rows whose correlation matrix has a condition number of 1e8
 * ({@code converge}), also in covariance passes over the same rows; writes the convergence curves
 * of the optimizers to {@code work-dir/gaussian-convergence.html}.
 */
public final class GaussianBench {

    static final double TARGET_GAP = 1e-6;

    /** The condition number of the correlation matrix of the {@code converge} scenario's rows. */
    static final double CONDITION = 1e8;

    private GaussianBench() {}

    static void run(BenchJob.Setup s, String scenario) {
        if (scenario.equals("all") || scenario.equals("epoch")) {
            onCachedBatches(s, BenchJob.generate(s, s.rows(), s.cols()), GaussianBench::epoch);
        }
        if (scenario.equals("all") || scenario.equals("converge")) {
            onCachedBatches(s, GeneratedRows.illConditioned(s, s.rows(), s.cols(), CONDITION), GaussianBench::converge);
        }
    }

    /** A measurement of cached rows and their shuffled blocks. */
    private interface Measurement {
        void run(BenchJob.Setup s, JavaRDD<double[]> rows, CachedBatches batches);
    }

    private static void onCachedBatches(BenchJob.Setup s, JavaRDD<double[]> generated, Measurement measurement) {
        JavaRDD<double[]> rows = generated.cache();
        rows.count();
        try (CachedBatches batches = CachedBatches.of(rows.mapToPair(r -> new Tuple2<>(0, r)), 1, s.seed())) {
            measurement.run(s, rows, batches);
        } finally {
            rows.unpersist(true);
        }
    }

    /** One epoch of batch evaluations (what each step costs the executors) against a covariance pass. */
    private static void epoch(BenchJob.Setup s, JavaRDD<double[]> rows, CachedBatches batches) {
        double pass = BenchJob.median(s, () -> DistributedCovariance.coMoments(rows));
        CholeskyGaussian[] models = {CholeskyGaussian.standard(s.cols())};
        Standardization[] standardizations = {Standardization.of(batches.columnMoments()[0])};
        long defaultBatch = FitSettings.defaults(OptimizerKind.ADAM).rowsPerBatch(s.rows());
        for (long batch : new long[] {defaultBatch, FitSettings.MIN_DEFAULT_BATCH_SIZE}) {
            int blocks = (int) ((s.rows() + batch - 1) / batch);
            double epoch = BenchJob.median(s, () -> {
                for (int b = 0; b < blocks; b++) {
                    batches.likelihood(blocks, b, 1, models, standardizations);
                }
                return blocks;
            });
            System.out.printf(
                    Locale.ROOT,
                    "cached %d x %d, one epoch of mini-batch steps, batch %d (%d steps%s)%n"
                            + "  epoch    %7.3f s%n  covariance pass %7.3f s%n  ratio    %.2f (epoch / covariance pass)%n",
                    s.rows(),
                    s.cols(),
                    batch,
                    blocks,
                    batch == defaultBatch ? ", the default" : "",
                    epoch,
                    pass,
                    epoch / pass);
        }
    }

    /** Each optimizer with its defaults: the time from the cached blocks to a mean-NLL gap of 1e-6. */
    private static void converge(BenchJob.Setup s, JavaRDD<double[]> rows, CachedBatches batches) {
        double pass = BenchJob.median(s, () -> DistributedCovariance.coMoments(rows));
        CoMoments moments = DistributedCovariance.coMoments(rows);
        double optimum = ClosedForm.of("bench rows", moments, new double[s.cols()], BenchJob.columnNames(s.cols()))
                .meanNll();
        Map<String, List<TraceStep>> traces = new LinkedHashMap<>();
        for (OptimizerKind kind : OptimizerKind.values()) {
            Timed timed = new Timed(batches, optimum);
            long start = System.nanoTime();
            GaussianFit fit =
                    GaussianFitter.fit(timed, FitSettings.defaults(kind).withSeed(s.seed()));
            double total = (System.nanoTime() - start) / 1e9;
            traces.put(kind.label(), fit.trace());
            System.out.printf(
                    Locale.ROOT,
                    "cached %d x %d (condition number %.0e), %s with its defaults%n  time to a mean-NLL gap of 1e-6 "
                            + "%7.3f s (%d batch evaluations, %.1f covariance passes of %.3f s)%n"
                            + "  to convergence %7.3f s: %d steps, %d epochs, gap %.2e%n",
                    s.rows(),
                    s.cols(),
                    CONDITION,
                    kind.label(),
                    timed.reached,
                    timed.evaluationsToTarget,
                    timed.reached / pass,
                    pass,
                    total,
                    fit.trace().size(),
                    fit.epochs(),
                    fit.groups().get(0).meanNll() - optimum);
        }
        Path report = Path.of(s.workDir(), "gaussian-convergence.html");
        String html = new HtmlReport("Gaussian fit: convergence of the three optimizers")
                .figure(
                        GaussianReport.curve(traces, optimum),
                        "Mean NLL of all rows minus the closed-form optimum, " + s.rows() + " x " + s.cols()
                                + " generated rows")
                .render();
        BenchJob.writeText(report, html);
        System.out.println("  convergence curves: " + report);
    }

    /** Batches that note when the NLL of all rows first came within the target of the optimum. */
    private static final class Timed extends ForwardingBatches {
        private final double optimum;
        private final long start = System.nanoTime();
        private double reached = Double.NaN;
        private int evaluations;
        private int evaluationsToTarget = -1;

        Timed(Batches inner, double optimum) {
            super(inner);
            this.optimum = optimum;
        }

        @Override
        public Likelihood[] likelihood(
                int blocks, int first, int span, CholeskyGaussian[] models, Standardization[] standardizations) {
            Likelihood[] out = super.likelihood(blocks, first, span, models, standardizations);
            evaluations++;
            if (span >= blocks
                    && Double.isNaN(reached)
                    && standardizations[0].toOriginal(out[0]).meanNll() - optimum <= TARGET_GAP) {
                reached = (System.nanoTime() - start) / 1e9;
                evaluationsToTarget = evaluations;
            }
            return out;
        }
    }
}

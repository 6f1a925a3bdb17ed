package dev.mvstat.jobs;

import dev.mvstat.jobs.cli.Job;
import dev.mvstat.jobs.cli.Options;
import dev.mvstat.jobs.input.InputData;
import dev.mvstat.jobs.input.InputSource;
import dev.mvstat.jobs.input.InputSummary;
import dev.mvstat.jobs.output.CovarianceFiles;
import dev.mvstat.jobs.output.Json;
import dev.mvstat.jobs.output.OutputDirectory;
import dev.mvstat.jobs.output.RunRecord;
import dev.mvstat.jobs.report.CovarianceReport;
import dev.mvstat.moments.CoMoments;
import dev.mvstat.moments.CovarianceModel;
import dev.mvstat.moments.Names;
import dev.mvstat.spark.DistributedCovariance;
import dev.mvstat.spark.DistributedSpearman;
import org.apache.spark.sql.SparkSession;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * {@code covariance}: mean, sample covariance, Pearson and optionally Spearman correlation of the
 * input's numeric columns; writes model.json (read by later jobs), the matrices as .npy and CSV
 * ({@link CovarianceFiles}), summary.json and report.html.
 */
public final class CovarianceJob implements Job {

    @Override
    public String name() {
        return "covariance";
    }

    @Override
    public String description() {
        return "mean, covariance, Pearson/Spearman correlation -> model.json, *.npy, *.csv";
    }

    @Override
    public Set<String> options() {
        return Job.withCommon("correlation");
    }

    @Override
    public void run(SparkSession spark, Options options) {
        String mode = options.choice("correlation", "pearson", "spearman", "both");
        boolean pearsonFiles = !mode.equals("spearman");
        InputData.Request request = InputData.Request.of(options);
        RunRecord run = new RunRecord(name(), options.effective(options()));
        try (OutputDirectory out = OutputDirectory.prepare(
                options.require("output"),
                options.flag("overwrite"),
                request.path(),
                spark.sparkContext().hadoopConfiguration())) {
            if (mode.equals("pearson")) {
                InputSource source = run.stage("open", () -> InputSource.open(spark, request, null));
                InputSource.Pass<CoMoments> pass = CovarianceFit.coMoments(run, source);
                InputSummary input = run.stage("read_covariance", pass::input);
                finish(
                        spark,
                        run,
                        out,
                        new Measured(input, source.pivot(), pass.result(), null),
                        pearsonFiles,
                        () -> source.writeRejected(spark, out));
            } else {
                InputData in = run.stage("read_validate", () -> InputData.load(spark, request, null));
                try {
                    in.requireValidRows(2, "a covariance");
                    CoMoments moments = run.stage("covariance", () -> DistributedCovariance.coMoments(in.rows()));
                    double[] spearman = run.stage("spearman", () -> DistributedSpearman.correlation(in.rows()));
                    finish(
                            spark,
                            run,
                            out,
                            new Measured(in.summary(), in.pivot(), moments, spearman),
                            pearsonFiles,
                            () -> in.writeRejected(spark, out));
                } finally {
                    in.release();
                }
            }
        }
    }

    /**
     * What the input gave.
     *
     * @param input    what was read
     * @param pivot    the values subtracted from every row before accumulating
     * @param moments  the co-moments of the valid rows minus the pivot
     * @param spearman the Spearman correlation, or null when not asked for
     */
    private record Measured(InputSummary input, double[] pivot, CoMoments moments, double[] spearman) {}

    /** Factors the model, writes every output (the rejected rows with {@code writeRejected}) and commits. */
    private static void finish(
            SparkSession spark,
            RunRecord run,
            OutputDirectory out,
            Measured m,
            boolean pearsonFiles,
            Runnable writeRejected) {
        CovarianceModel model = run.stage(
                "factor", () -> CovarianceModel.of(m.input().columns(), m.moments(), m.spearman(), m.pivot()));
        if (!model.positiveDefinite()) {
            run.warn("covariance is not positive definite: rank " + model.rank() + " of " + model.dimension()
                    + ", dependent columns " + Names.listed(model.columns(), model.dependentColumns()));
        }
        run.stage("write", () -> {
            CovarianceFiles.write(out, model, pearsonFiles, run);
            if (m.input().rowsRejected() > 0) {
                writeRejected.run();
            }
            out.writeText("report.html", CovarianceReport.render(model, m.input(), pearsonFiles));
        });
        out.writeText("summary.json", Json.write(run.summary(spark, m.input())));
        out.commit();
    }

    public static List<String> names(CovarianceModel model, int[] indices) {
        return Arrays.stream(indices).mapToObj(model.columns()::get).toList();
    }
}

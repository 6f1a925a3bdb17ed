package dev.mvstat.jobs;

import dev.mvstat.jobs.cli.Job;
import dev.mvstat.jobs.cli.Options;
import dev.mvstat.jobs.input.InputData;
import dev.mvstat.jobs.output.CovarianceFiles;
import dev.mvstat.jobs.output.Json;
import dev.mvstat.jobs.output.OutputDirectory;
import dev.mvstat.jobs.output.RunRecord;
import dev.mvstat.jobs.report.CovarianceReport;

import dev.mvstat.moments.CoMoments;
import dev.mvstat.moments.CovarianceModel;
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
        String input = request.path();
        RunRecord run = new RunRecord(name(), options.effective(options()));
        try (OutputDirectory out = OutputDirectory.prepare(options.require("output"), options.flag("overwrite"),
                input, spark.sparkContext().hadoopConfiguration())) {
            InputData in = run.stage("read_validate", () -> InputData.load(spark, request, null));
            try {
                in.requireValidRows(2, "a covariance");
                CoMoments moments = run.stage("covariance", () -> DistributedCovariance.coMoments(in.rows()));
                double[] spearman = mode.equals("pearson") ? null
                        : run.stage("spearman", () -> DistributedSpearman.correlation(in.rows()));
                CovarianceModel model = run.stage("factor",
                        () -> CovarianceModel.of(in.columns, moments, spearman).translated(in.pivot()));
                if (!model.positiveDefinite()) {
                    run.warn("covariance is not positive definite: rank " + model.rank() + " of " + model.dimension()
                            + ", dependent columns " + names(model, model.dependentColumns()));
                }
                run.stage("write", () -> {
                    CovarianceFiles.write(out, model, pearsonFiles, run);
                    in.writeRejected(spark, out);
                    out.writeText("report.html", CovarianceReport.render(model, in, pearsonFiles));
                });
                out.writeText("summary.json", Json.write(run.summary(spark, in)));
                out.commit();
            } finally {
                in.release();
            }
        }
    }

    public static List<String> names(CovarianceModel model, int[] indices) {
        return Arrays.stream(indices).mapToObj(model.columns()::get).toList();
    }
}

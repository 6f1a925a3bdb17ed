package dev.mvstat.jobs.stats;

import dev.mvstat.jobs.cli.DataOptions;
import dev.mvstat.jobs.cli.OptionSpec;
import dev.mvstat.jobs.cli.Options;
import dev.mvstat.jobs.input.InputData;
import dev.mvstat.jobs.input.InputSource;
import dev.mvstat.jobs.input.InputSummary;
import dev.mvstat.jobs.output.CovarianceFiles;
import dev.mvstat.jobs.report.CovarianceReport;
import dev.mvstat.moments.CoMoments;
import dev.mvstat.moments.CovarianceModel;
import dev.mvstat.moments.Names;
import dev.mvstat.spark.DistributedCovariance;
import dev.mvstat.spark.DistributedSpearman;
import org.apache.spark.sql.SparkSession;

import java.util.List;

/**
 * {@code covariance}: mean, sample covariance, Pearson and optionally Spearman correlation of the
 * input's numeric columns; writes model.json (read by later jobs), the matrices as .npy and CSV
 * ({@link CovarianceFiles}), summary.json and report.html.
 */
public final class CovarianceJob extends DataJob {

    private static final OptionSpec CORRELATION = OptionSpec.choice(
            "correlation", "the correlation to compute besides the covariance", "pearson", "spearman", "both");

    @Override
    public String name() {
        return "covariance";
    }

    @Override
    public String description() {
        return "mean, covariance, Pearson/Spearman correlation -> model.json, *.npy, *.csv";
    }

    @Override
    public List<OptionSpec> options() {
        return DataOptions.with(CORRELATION);
    }

    @Override
    public String example() {
        return "--input data/iris.csv --output /tmp/iris-cov --correlation both --overwrite";
    }

    @Override
    protected Plan plan(SparkSession spark, Options options) {
        String mode = options.require("correlation");
        InputData.Request request = InputData.Request.of(options);
        return new Plan(
                request,
                (input, run) ->
                        factored(run, mode.equals("pearson") ? pearson(input, run) : withSpearman(input, run), mode));
    }

    /** The co-moments in one pass over the input, not cached. */
    private static Measured pearson(RunInput input, RunRecord run) {
        InputSource source = input.open(null);
        InputSource.Pass<CoMoments> pass = CovarianceFit.coMoments(run, source);
        InputSummary summary = run.stage("read_covariance", pass::input);
        return new Measured(summary, source.pivot(), pass.result(), null);
    }

    /** The co-moments and the Spearman correlation of the cached input. */
    private static Measured withSpearman(RunInput input, RunRecord run) {
        InputData in = input.load(null);
        in.requireValidRows(2, "a covariance");
        CoMoments moments = run.stage("covariance", () -> DistributedCovariance.coMoments(in.rows()));
        double[] spearman = run.stage("spearman", () -> DistributedSpearman.correlation(in.rows()));
        return new Measured(in.summary(), in.pivot(), moments, spearman);
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

    /** Factors the model, warning when it is not positive definite; its files are the result. */
    private static Result factored(RunRecord run, Measured m, String mode) {
        boolean pearsonFiles = !mode.equals("spearman");
        CovarianceModel model = run.stage(
                "factor", () -> CovarianceModel.of(m.input().columns(), m.moments(), m.spearman(), m.pivot()));
        if (!model.positiveDefinite()) {
            run.warn("covariance is not positive definite: rank " + model.rank() + " of " + model.dimension()
                    + ", dependent columns " + Names.listed(model.columns(), model.dependentColumns()));
        }
        return new Result(
                m.input(),
                out -> CovarianceFiles.write(out, model, pearsonFiles, run::warn),
                () -> CovarianceReport.render(model, m.input(), pearsonFiles),
                null,
                null);
    }
}

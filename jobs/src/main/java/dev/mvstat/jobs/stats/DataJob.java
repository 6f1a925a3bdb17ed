package dev.mvstat.jobs.stats;

import dev.mvstat.jobs.cli.Job;
import dev.mvstat.jobs.cli.Options;
import dev.mvstat.jobs.input.InputData;
import dev.mvstat.jobs.input.InputSummary;
import dev.mvstat.jobs.output.Json;
import dev.mvstat.jobs.output.OutputDirectory;
import org.apache.spark.sql.SparkSession;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The run every data job shares: its options checked before anything is written, the output
 * directory prepared, the input read and the job's computation, its files, {@code rejected/},
 * report.html and summary.json written, then the commit ({@code _SUCCESS} last); the input's caches
 * are released on every path. A job supplies only its {@link Plan} and {@link Result}.
 */
public abstract class DataJob implements Job {

    /**
     * Checks the input options ({@link InputData.Request#of}), the job's own ({@link #checkOwn}), then
     * a local output ({@link OutputDirectory#checkLocal}).
     */
    @Override
    public final void check(Options options) {
        InputData.Request request = InputData.Request.of(options);
        checkOwn(options);
        OutputDirectory.checkLocal(options.require("output"), options.flag("overwrite"), request.path());
    }

    /** Checks the job's own options together, without data; nothing by default. */
    protected void checkOwn(Options options) {}

    @Override
    public final String run(SparkSession spark, Options options) {
        Plan plan = plan(spark, options);
        RunRecord run = new RunRecord(name(), options.effective());
        try (OutputDirectory out = OutputDirectory.prepare(
                        options.require("output"),
                        options.flag("overwrite"),
                        plan.request().path(),
                        spark.sparkContext().hadoopConfiguration());
                RunInput input = new RunInput(spark, plan.request(), run)) {
            Result result = plan.compute().apply(input, run);
            run.stage("write", () -> {
                result.files().accept(out);
                if (result.input().rowsRejected() > 0) {
                    input.writeRejected(out);
                }
                out.writeText("report.html", result.report().get());
            });
            out.writeText("summary.json", Json.write(run.summary(spark, result.input(), result.fields())));
            out.commit();
            return "wrote " + options.require("output") + " (" + figures(plan.request(), result) + ")";
        }
    }

    /** Automatically chosen columns up to this many are named on the success line; more are counted. */
    private static final int NAMED_COLUMNS = 8;

    /** @return the rows and columns used, then the job's own figure */
    private static String figures(InputData.Request request, Result result) {
        InputSummary input = result.input();
        List<String> used = input.columns();
        boolean chosen = request.columns().isEmpty() && request.featuresCol() == null;
        String columns = !chosen
                ? used.size() + " columns"
                : used.size() <= NAMED_COLUMNS
                        ? "columns " + String.join(", ", used)
                        : used.size() + " columns " + used.get(0) + ", " + used.get(1) + " … "
                                + used.get(used.size() - 1);
        return input.rowsUsed() + " rows, " + columns + (result.figure() == null ? "" : "; " + result.figure());
    }

    /** @return the run the {@linkplain #check checked} options ask for; fails on a wrong option before any output is touched */
    protected abstract Plan plan(SparkSession spark, Options options);

    /**
     * One run of a job, from its checked options.
     *
     * @param request the input options
     * @param compute reads the input and computes what the job writes, timing its stages in the record
     */
    public record Plan(InputData.Request request, BiFunction<RunInput, RunRecord, Result> compute) {}

    /**
     * What a run computed, ready to be written.
     *
     * @param input  what was read
     * @param files  writes the job's own files
     * @param report renders report.html
     * @param fields the job's own summary.json fields, written after the common ones, or null for none
     * @param figure the job's key figure for the line printed on success ("3 outliers"), or null
     */
    public record Result(
            InputSummary input,
            Consumer<OutputDirectory> files,
            Supplier<String> report,
            Object fields,
            String figure) {}
}

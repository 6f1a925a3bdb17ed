package dev.mvstat.jobs.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mvstat.jobs.cli.DataOptions;
import dev.mvstat.jobs.cli.Job;
import dev.mvstat.jobs.cli.JobException;
import dev.mvstat.jobs.cli.JobFailure;
import dev.mvstat.jobs.cli.OptionSpec;
import dev.mvstat.jobs.cli.Options;
import dev.mvstat.jobs.fit.FitOptions;
import dev.mvstat.jobs.stats.ClusterJob;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code pipeline}: the {@link PipelineStage}s in one application, each through its own job into
 * {@code DIR/<stage>/}: covariance, mahalanobis with the covariance stage's model, cluster (by
 * default HDBSCAN* with the Mahalanobis metric of that model), then fit-gaussian per cluster, noise
 * rows left out. Writes
 * DIR/summary.json after every stage, then DIR/report.html and {@code _SUCCESS}. A failed stage
 * stops it with that stage's exit code. With {@code --resume} a stage is skipped when its directory
 * is committed, its parameters and input fingerprints are those recorded, and its directory is as
 * the pipeline left it.
 */
public final class PipelineJob implements Job {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Stage options that do not change what a stage computes. */
    private static final Set<String> NOT_PARAMETERS = Set.of("output", "overwrite", "config");

    @Override
    public String name() {
        return "pipeline";
    }

    @Override
    public String description() {
        return "covariance, mahalanobis, cluster, fit-gaussian per cluster in one run -> DIR/<stage>/, summary.json";
    }

    @Override
    public List<OptionSpec> options() {
        return DataOptions.with(
                ClusterJob.METRIC,
                PipelineSettings.MIN_CLUSTER_SIZE,
                ClusterJob.K,
                ClusterJob.DISTANCE_THRESHOLD,
                PipelineSettings.REGULARIZATION,
                FitOptions.OPTIMIZER,
                PipelineSettings.RESUME);
    }

    @Override
    public String example() {
        return "--input data/iris.csv --output /tmp/iris-pipeline --resume";
    }

    @Override
    public void check(Options options) {
        PipelineSettings.of(options);
    }

    @Override
    public String run(SparkSession spark, Options options) {
        PipelineSettings settings = PipelineSettings.of(options);
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        try (PipelineDirectory dir = PipelineDirectory.open(settings, hadoop)) {
            String inputFingerprint = Fingerprint.of(hadoop, settings.input().path());
            PipelineSummary summary = new PipelineSummary(
                    options.effective(), settings.input().path(), inputFingerprint, spark.version());
            for (PipelineStage stage : PipelineStage.values()) {
                StageRecord record = runOrSkip(spark, stage, settings, dir, inputFingerprint, summary.records());
                summary.add(record);
                dir.writeSummary(summary.json());
                if (!record.succeeded()) {
                    throw new JobException(
                            record.exitCode(), "stage " + stage.directory() + " failed: " + record.error());
                }
            }
            dir.writeReport(PipelineReport.html(summary, dir));
            dir.commit();
            return "wrote " + settings.output() + " (stages " + stages(summary.records()) + "; "
                    + summary.clusterSizes().orElseThrow().line() + ")";
        }
    }

    /** @return the stages in order, each with whether it ran or was up to date */
    private static String stages(List<StageRecord> records) {
        return records.stream()
                .map(r -> r.stage().directory() + (r.skipped() ? " up to date" : " ran"))
                .collect(Collectors.joining(", "));
    }

    /**
     * Runs a stage, or skips it when up to date; a failure becomes the stage's record.
     *
     * @param earlier the records of the stages before it, all succeeded: its upstream directories' fingerprints
     */
    private static StageRecord runOrSkip(
            SparkSession spark,
            PipelineStage stage,
            PipelineSettings settings,
            PipelineDirectory dir,
            String inputFingerprint,
            List<StageRecord> earlier) {
        long start = System.nanoTime();
        Map<String, String> inputs = new LinkedHashMap<>();
        Map<String, String> parameters = Map.of();
        try {
            if (stage.readsInput()) {
                inputs.put("input", inputFingerprint);
            }
            stage.upstream(settings)
                    .forEach(up ->
                            inputs.put(up.directory(), earlier.get(up.ordinal()).outputFingerprint()));
            Options options = stageOptions(stage, settings, spark.sparkContext().hadoopConfiguration());
            parameters = new TreeMap<>(options.effective());
            parameters.keySet().removeAll(NOT_PARAMETERS);
            String existing = settings.resume() && dir.committed(stage) ? dir.fingerprint(stage) : null;
            boolean upToDate =
                    existing != null && StageRecord.upToDate(dir.recorded(stage), parameters, inputs, existing);
            if (!upToDate) {
                stage.prepare(spark, settings);
                stage.job().run(spark, options);
            }
            JsonNode stageSummary = dir.stageSummary(stage);
            String output = upToDate ? existing : dir.fingerprint(stage);
            return StageRecord.succeeded(
                    stage,
                    upToDate,
                    seconds(start),
                    parameters,
                    inputs,
                    output,
                    keyFigures(stage, stageSummary),
                    warnings(stageSummary));
        } catch (Exception e) { // including the checked SparkException that Scala code throws
            return StageRecord.failed(stage, JobFailure.of(e), seconds(start), parameters, inputs);
        }
    }

    /** The stage job's options: its arguments, then its output in DIR, always replaced, and the pipeline's config. */
    private static Options stageOptions(PipelineStage stage, PipelineSettings settings, Configuration hadoop) {
        List<String> args = new ArrayList<>(stage.arguments(settings, hadoop));
        args.addAll(List.of("--output", settings.path(stage.directory()), "--overwrite"));
        if (settings.config() != null) {
            args.addAll(List.of("--config", settings.config()));
        }
        Options options = Options.parse(stage.job().name(), args, stage.job().options());
        stage.job().check(options);
        return options;
    }

    private static JsonNode keyFigures(PipelineStage stage, JsonNode stageSummary) {
        ObjectNode figures = MAPPER.createObjectNode();
        stage.keyFigures().stream().filter(stageSummary::has).forEach(key -> figures.set(key, stageSummary.get(key)));
        return figures;
    }

    private static List<String> warnings(JsonNode stageSummary) {
        List<String> out = new ArrayList<>();
        stageSummary.path("warnings").forEach(w -> out.add(w.asText()));
        return out;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}

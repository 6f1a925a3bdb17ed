package dev.mvstat.jobs.pipeline;

import dev.mvstat.jobs.cli.JobException;
import dev.mvstat.jobs.cli.OptionSpec;
import dev.mvstat.jobs.cli.Options;
import dev.mvstat.jobs.input.InputData;
import dev.mvstat.jobs.stats.ClusterHdbscan;
import dev.mvstat.jobs.stats.CovarianceFit;
import org.apache.hadoop.fs.Path;

import java.util.ArrayList;
import java.util.List;

/**
 * The pipeline's own options, checked before any stage runs.
 *
 * @param input          the input options, which every input-reading stage gets
 * @param output         {@code --output}: the pipeline's directory
 * @param metric         {@code --metric} of the cluster stage
 * @param minClusterSize {@code --min-cluster-size} of the cluster stage's HDBSCAN* (a number or
 *                       {@code auto}), or null for a flat cut of single linkage
 * @param k              {@code --k}, the flat clusters asked of the cluster stage, or null
 * @param threshold      {@code --distance-threshold}, the cluster stage's cut at a merge distance, or null
 * @param regularization {@code --regularization}, or null for the stages' default
 * @param optimizer      {@code --optimizer}, or null for fit-gaussian's default
 * @param config         {@code --config}, or null; every stage reads it, so job-specific keys apply
 * @param resume         whether to skip up-to-date stages
 * @param overwrite      whether an existing directory is replaced (without {@code resume})
 */
public record PipelineSettings(
        InputData.Request input,
        String output,
        String metric,
        String minClusterSize,
        Long k,
        Double threshold,
        String regularization,
        String optimizer,
        String config,
        boolean resume,
        boolean overwrite) {

    /** HDBSCAN*'s minimum cluster size of the cluster stage when no flat cut is asked for. */
    static final OptionSpec MIN_CLUSTER_SIZE = new OptionSpec(
            ClusterHdbscan.MIN_CLUSTER_SIZE.name(),
            ClusterHdbscan.MIN_CLUSTER_SIZE.value(),
            ClusterHdbscan.MIN_CLUSTER_SIZE.meaning() + "; default " + ClusterHdbscan.AUTO
                    + " without --k or --distance-threshold",
            ClusterHdbscan.MIN_CLUSTER_SIZE.allowed(),
            ClusterHdbscan.MIN_CLUSTER_SIZE.check(),
            false);
    /** The regularizations that need no training rows: the stages read the covariance stage's model. */
    static final OptionSpec REGULARIZATION = OptionSpec.checked(
            "regularization",
            "METHOD",
            CovarianceFit.REGULARIZATION.meaning() + "; default: the stages' own",
            "none, ridge:<lambda> or oas",
            PipelineSettings::checkRegularization);

    static final OptionSpec RESUME =
            OptionSpec.flag("resume", "continue DIR: skip the stages that are up to date, run the rest");

    /** @throws JobException (usage) on contradictory options */
    static PipelineSettings of(Options options) {
        Double threshold = options.number("distance-threshold");
        Long k = options.integer("k");
        String minClusterSize = options.get(MIN_CLUSTER_SIZE.name());
        if (k != null && threshold != null) {
            throw JobException.usage("give --k or --distance-threshold, not both");
        }
        if (minClusterSize != null && (k != null || threshold != null)) {
            throw JobException.usage("give --min-cluster-size (HDBSCAN*) or a flat cut of single linkage"
                    + " (--k, --distance-threshold), not both");
        }
        String regularization = options.get("regularization");
        boolean resume = options.flag("resume");
        boolean overwrite = options.flag("overwrite");
        if (resume && overwrite) {
            throw JobException.usage("give --resume (continue DIR) or --overwrite (replace DIR), not both");
        }
        return new PipelineSettings(
                InputData.Request.of(options),
                options.require("output"),
                options.require("metric"),
                k == null && threshold == null && minClusterSize == null ? ClusterHdbscan.AUTO : minClusterSize,
                k,
                threshold,
                regularization,
                options.get("optimizer"),
                options.get("config"),
                resume,
                overwrite);
    }

    private static void checkRegularization(String regularization) {
        if (CovarianceFit.regularization(regularization).needsFourthMoments()) {
            throw JobException.usage("--regularization " + regularization + " needs the training rows, and the"
                    + " pipeline's stages read the covariance stage's model instead; use oas or ridge:<lambda>");
        }
    }

    /** @return the input options as arguments: {@code --columns} and {@code --id-column} only when given */
    List<String> inputArguments() {
        List<String> args = new ArrayList<>(List.of(
                "--input",
                input.path(),
                "--format",
                input.format(),
                "--on-invalid",
                input.skipInvalid() ? "skip" : "fail",
                "--delimiter",
                String.valueOf(input.delimiter())));
        if (!input.columns().isEmpty()) {
            args.addAll(List.of("--columns", String.join(",", input.columns())));
        }
        if (input.idColumn() != null) {
            args.addAll(List.of("--id-column", input.idColumn()));
        }
        return args;
    }

    /** @return the path of a directory inside the pipeline's directory */
    String path(String name) {
        return new Path(output, name).toString();
    }

    /** @return the covariance stage's model.json */
    String model() {
        return new Path(path(PipelineStage.COVARIANCE.directory()), "model.json").toString();
    }

    /** @return whether the cluster stage whitens rows with the covariance stage's model (Mahalanobis metric) */
    boolean whitens() {
        return metric.equals("mahalanobis");
    }

    /** @return the cluster stage's metric, its model and regularization when it whitens, and HDBSCAN* or its flat cut */
    List<String> clusterArguments() {
        List<String> args = new ArrayList<>(List.of("--metric", metric));
        if (whitens()) {
            args.addAll(List.of("--model", model()));
            args.addAll(regularizationArguments());
        }
        args.addAll(
                minClusterSize != null
                        ? List.of("--min-cluster-size", minClusterSize)
                        : k != null
                                ? List.of("--k", Long.toString(k))
                                : List.of("--distance-threshold", Double.toString(threshold)));
        return args;
    }

    /** @return {@code --regularization} as a stage argument, or nothing */
    List<String> regularizationArguments() {
        return regularization == null ? List.of() : List.of("--regularization", regularization);
    }
}

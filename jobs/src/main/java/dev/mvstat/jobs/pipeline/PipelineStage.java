package dev.mvstat.jobs.pipeline;

import dev.mvstat.jobs.cli.Job;
import dev.mvstat.jobs.fit.FitGaussianJob;
import dev.mvstat.jobs.input.AddedColumns;
import dev.mvstat.jobs.output.ModelFile;
import dev.mvstat.jobs.stats.ClusterJob;
import dev.mvstat.jobs.stats.CovarianceJob;
import dev.mvstat.jobs.stats.MahalanobisJob;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.List;

/**
 * The pipeline's stages, in order: the job each runs into {@code DIR/<job name>/}, its arguments,
 * the upstream stage outputs it reads, and the fields of its summary.json that the pipeline shows.
 */
public enum PipelineStage {
    COVARIANCE(new CovarianceJob(), true, List.of(), List.of("rows_read", "rows_used", "rows_rejected", "columns")) {
        @Override
        List<String> arguments(PipelineSettings settings, Configuration hadoop) {
            return settings.inputArguments();
        }
    },

    MAHALANOBIS(
            new MahalanobisJob(),
            true,
            List.of(COVARIANCE),
            List.of("rows_scored", "outliers", "chi_square_threshold", "condition_number", "mean_mahalanobis_sq")) {
        @Override
        List<String> arguments(PipelineSettings settings, Configuration hadoop) {
            return join(
                    settings.inputArguments(),
                    List.of("--model", settings.model(), "--output-format", "parquet"),
                    settings.regularizationArguments());
        }
    },

    CLUSTER(
            new ClusterJob(),
            true,
            List.of(COVARIANCE),
            List.of(
                    "method",
                    "metric",
                    "algorithm",
                    "merges",
                    "min_cluster_size",
                    "clusters",
                    "cluster_sizes",
                    "noise",
                    "largest_merge_distance")) {
        @Override
        List<String> arguments(PipelineSettings settings, Configuration hadoop) {
            return join(settings.inputArguments(), settings.clusterArguments(), List.of("--output-format", "parquet"));
        }

        /** The covariance stage's model only for the Mahalanobis metric; the other metrics read the input alone. */
        @Override
        List<PipelineStage> upstream(PipelineSettings settings) {
            return settings.whitens() ? super.upstream(settings) : List.of();
        }
    },

    /** One Gaussian per flat cluster, fitted to {@link LabelledRows}; clusters without one are left out. */
    FIT_GAUSSIAN(
            new FitGaussianJob(),
            false,
            List.of(MAHALANOBIS, CLUSTER),
            List.of("optimizer", "converged", "epochs", "groups_fitted", "groups_left_out", "largest_mean_nll_gap")) {
        @Override
        List<String> arguments(PipelineSettings settings, Configuration hadoop) {
            List<String> columns = ModelFile.read(settings.model(), hadoop).columns();
            return join(
                    List.of(
                            "--input",
                            LabelledRows.path(settings),
                            "--format",
                            "parquet",
                            "--columns",
                            String.join(",", columns),
                            "--group-by",
                            AddedColumns.CLUSTER,
                            "--on-no-mle",
                            "skip"),
                    settings.optimizer() == null ? List.of() : List.of("--optimizer", settings.optimizer()));
        }

        @Override
        void prepare(SparkSession spark, PipelineSettings settings) {
            LabelledRows.write(spark, settings);
        }
    };

    private final Job job;
    private final boolean readsInput;
    private final List<PipelineStage> upstream;
    private final List<String> keyFigures;

    PipelineStage(Job job, boolean readsInput, List<PipelineStage> upstream, List<String> keyFigures) {
        this.job = job;
        this.readsInput = readsInput;
        this.upstream = upstream;
        this.keyFigures = keyFigures;
    }

    /**
     * @param hadoop to read upstream outputs that decide arguments
     * @return the job's arguments but {@code --output}, {@code --overwrite} and {@code --config}
     */
    abstract List<String> arguments(PipelineSettings settings, Configuration hadoop);

    /** Writes what the job reads besides the pipeline input and the upstream directories; nothing by default. */
    void prepare(SparkSession spark, PipelineSettings settings) {}

    Job job() {
        return job;
    }

    /** @return the stage's directory inside the pipeline's: its job's name */
    String directory() {
        return job.name();
    }

    /** @return whether the job reads the pipeline's input */
    boolean readsInput() {
        return readsInput;
    }

    /** @return the stages whose outputs the job reads with these settings */
    List<PipelineStage> upstream(PipelineSettings settings) {
        return upstream;
    }

    /** @return the fields of the stage's summary.json shown in the pipeline's summary and report */
    List<String> keyFigures() {
        return keyFigures;
    }

    @SafeVarargs
    private static List<String> join(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> part : parts) {
            all.addAll(part);
        }
        return all;
    }
}

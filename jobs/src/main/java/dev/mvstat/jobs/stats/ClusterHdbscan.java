package dev.mvstat.jobs.stats;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.mvstat.hdbscan.ClusterSelection;
import dev.mvstat.hdbscan.CondensedTree;
import dev.mvstat.hdbscan.HdbscanClusters;
import dev.mvstat.hdbscan.HdbscanSettings;
import dev.mvstat.jobs.cli.JobException;
import dev.mvstat.jobs.cli.OptionSpec;
import dev.mvstat.jobs.cli.Options;

import java.util.List;
import java.util.function.LongFunction;

/**
 * HDBSCAN* (Campello, Moulavi and Sander 2013) in the cluster job: its options, which turn it on
 * with {@code --min-cluster-size}, its settings, condensed_tree.csv and its summary.json fields.
 */
public final class ClusterHdbscan {

    /** {@code --min-cluster-size auto}: a hundredth of the valid rows, at least {@value #FEWEST_AUTO}. */
    public static final String AUTO = "auto";
    /** The smallest minimum cluster size {@link #AUTO} gives. */
    static final int FEWEST_AUTO = 5;

    /** {@code --min-cluster-size}: turns HDBSCAN* on. */
    public static final OptionSpec MIN_CLUSTER_SIZE = OptionSpec.checked(
            "min-cluster-size",
            "M",
            "HDBSCAN*: the fewest rows of a cluster, or auto for max(" + FEWEST_AUTO + ", valid rows / 100);"
                    + " turns HDBSCAN* on (labels/, condensed_tree.csv)",
            "a whole number of rows, at least 2, or auto",
            ClusterHdbscan::checkMinClusterSize);

    /** {@code --min-samples}: the neighbour whose distance is a row's core distance. */
    static final OptionSpec MIN_SAMPLES = OptionSpec.integer(
            "min-samples",
            "S",
            "HDBSCAN*: the neighbour whose distance is a row's core distance, the row itself counted"
                    + " first; default M",
            1,
            "a whole number of rows, at least 1");

    /** {@code --cluster-selection}: excess of mass or leaves; {@code eom} when not given. */
    static final OptionSpec CLUSTER_SELECTION = OptionSpec.choice(
            "cluster-selection",
            "HDBSCAN*: how clusters are picked from the condensed tree; default eom",
            "eom",
            "leaf");

    /** {@code --cluster-selection-epsilon}: clusters born below this distance merge up. */
    static final OptionSpec CLUSTER_SELECTION_EPSILON = OptionSpec.number(
            "cluster-selection-epsilon",
            "E",
            "HDBSCAN*: clusters split below this distance are merged up; default 0 (none)",
            e -> e >= 0,
            "a finite distance, at least 0");

    /** {@code --allow-single-cluster}: the whole data may be the one cluster. */
    static final OptionSpec ALLOW_SINGLE_CLUSTER =
            OptionSpec.flag("allow-single-cluster", "HDBSCAN*: the whole data may be the one cluster selected");

    /** The options that refine HDBSCAN*, valid only with {@code --min-cluster-size}. */
    private static final List<OptionSpec> REFINEMENTS =
            List.of(MIN_SAMPLES, CLUSTER_SELECTION, CLUSTER_SELECTION_EPSILON, ALLOW_SINGLE_CLUSTER);

    private ClusterHdbscan() {}

    /** @return the options, {@code --min-cluster-size} first */
    static List<OptionSpec> options() {
        return List.of(
                MIN_CLUSTER_SIZE, MIN_SAMPLES, CLUSTER_SELECTION, CLUSTER_SELECTION_EPSILON, ALLOW_SINGLE_CLUSTER);
    }

    /** Usage errors: a refinement without {@code --min-cluster-size}, or HDBSCAN* with a flat cut. */
    static void check(Options options) {
        boolean on = options.get(MIN_CLUSTER_SIZE.name()) != null;
        for (OptionSpec refinement : REFINEMENTS) {
            if (!on && given(options, refinement)) {
                throw JobException.usage(
                        "--" + refinement.name() + " applies to HDBSCAN* only: add --min-cluster-size");
            }
        }
        if (on && (options.integer("k") != null || options.number("distance-threshold") != null)) {
            throw JobException.usage("--k and --distance-threshold cut single linkage; HDBSCAN*"
                    + " (--min-cluster-size) picks its own clusters: give one or the other");
        }
    }

    private static boolean given(Options options, OptionSpec spec) {
        return spec.isFlag() ? options.flag(spec.name()) : options.get(spec.name()) != null;
    }

    private static void checkMinClusterSize(String value) {
        boolean count = value.matches("[0-9]{1,18}") && Long.parseLong(value) >= 2;
        if (!count && !value.equals(AUTO)) {
            throw JobException.usage(
                    "--min-cluster-size must be a whole number of rows, at least 2, or auto, got '" + value + "'");
        }
    }

    /**
     * @return the settings of {@linkplain #check checked} options for a number of valid rows, or
     *         null without {@code --min-cluster-size}
     */
    static LongFunction<HdbscanSettings> settings(Options options) {
        String size = options.get(MIN_CLUSTER_SIZE.name());
        if (size == null) {
            return null;
        }
        Long minSamples = options.integer(MIN_SAMPLES.name());
        String selection = options.get(CLUSTER_SELECTION.name());
        Double epsilon = options.number(CLUSTER_SELECTION_EPSILON.name());
        boolean single = options.flag(ALLOW_SINGLE_CLUSTER.name());
        return rows -> {
            int minClusterSize =
                    size.equals(AUTO) ? saturated(Math.max(FEWEST_AUTO, rows / 100)) : saturated(Long.parseLong(size));
            return new HdbscanSettings(
                    minClusterSize,
                    minSamples == null ? minClusterSize : saturated(minSamples),
                    selection == null ? ClusterSelection.EOM : ClusterSelection.parse(selection),
                    epsilon == null ? 0 : epsilon,
                    single);
        };
    }

    /** @return a count as an int, past {@link Integer#MAX_VALUE} that value: more than any input's rows */
    private static int saturated(long count) {
        return (int) Math.min(count, Integer.MAX_VALUE);
    }

    /** scikit-learn's condensed tree: {@code parent,child,lambda_val,child_size}, one row per line. */
    static String condensedTreeCsv(CondensedTree tree) {
        return ClusterJob.csv(
                "parent,child,lambda_val,child_size",
                tree.size(),
                i -> List.of(tree.parent(i), tree.child(i), tree.lambda(i), tree.childSize(i)));
    }

    /** @return "3 clusters of 50, 50, 48 rows, 2 noise rows", the clusters by label */
    static String figure(int[] labels, int noise) {
        return (ClusterJob.clusterCount(labels) == 0 ? "no clusters" : ClusterJob.clusterSizes(labels)) + ", " + noise
                + " noise row" + (noise == 1 ? "" : "s");
    }

    /**
     * The summary.json fields of HDBSCAN*, beside the cluster job's ({@code clusters} and
     * {@code cluster_sizes} among those).
     *
     * @param noise               rows labelled noise
     * @param coreDistanceSeconds the time the core distances took, within the spanning tree's
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Fields(
            int minClusterSize,
            int minSamples,
            String clusterSelection,
            double clusterSelectionEpsilon,
            boolean allowSingleCluster,
            int noise,
            double coreDistanceSeconds) {

        static Fields of(HdbscanSettings settings, HdbscanClusters clusters, double coreSeconds) {
            return new Fields(
                    settings.minClusterSize(),
                    settings.minSamples(),
                    settings.selection().label(),
                    settings.epsilon(),
                    settings.allowSingleCluster(),
                    clusters.noise(),
                    coreSeconds);
        }
    }
}

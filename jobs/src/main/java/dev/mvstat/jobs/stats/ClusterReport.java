package dev.mvstat.jobs.stats;

import dev.mvstat.hdbscan.ClusterSelection;
import dev.mvstat.hdbscan.CondensedTree;
import dev.mvstat.hdbscan.HdbscanClusters;
import dev.mvstat.hdbscan.HdbscanSettings;
import dev.mvstat.jobs.input.InputData;
import dev.mvstat.jobs.report.ClusterPlots;
import dev.mvstat.jobs.report.CondensedTreePlot;
import dev.mvstat.jobs.report.HtmlReport;
import dev.mvstat.jobs.report.ScatterMatrix;
import dev.mvstat.linkage.Dendrogram;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * report.html of the cluster job: the dendrogram with its cut and clusters coloured, the flat
 * clusters' sizes, and a scatter-plot matrix of sampled rows coloured by flat cluster; for
 * HDBSCAN*, the condensed tree instead of the dendrogram, and the noise in grey.
 */
final class ClusterReport {

    /** Most merges drawn in the dendrogram. */
    private static final int DENDROGRAM_MERGES = 50;
    /** Most rows drawn in the scatter-plot matrix. */
    private static final int PLOTTED = 1500;

    private ClusterReport() {}

    /**
     * @param labels    flat cluster of each valid row, from 1, or null without a cut
     * @param cutLabel  the cut as the dendrogram labels it, or null
     * @param cutHeight the cut's distance, or NaN for halfway between the merges it separates
     */
    static String render(
            InputData in, Dendrogram dendrogram, int[] labels, String metric, String cutLabel, double cutHeight) {
        HtmlReport r = new HtmlReport("Single-linkage clustering of " + in.path);
        r.paragraph(dendrogram.observations() + " rows of " + in.columns.size() + " columns, " + metric + " distance; "
                + dendrogram.merges() + " merges"
                + (labels == null ? "" : "; cut at " + cutLabel + ": " + ClusterJob.clusterSizes(labels))
                + ".");
        int drawn = Math.min(DENDROGRAM_MERGES, dendrogram.merges());
        List<String> leafNames = IntStream.range(0, dendrogram.observations())
                .mapToObj(Integer::toString)
                .toList();
        r.heading("Dendrogram")
                .figure(
                        ClusterPlots.dendrogram(dendrogram, DENDROGRAM_MERGES, labels, cutHeight, cutLabel, leafNames),
                        (drawn == dendrogram.merges()
                                        ? "Every merge; leaves are the rows' positions among the valid rows (from 0)"
                                        : "The last " + drawn
                                                + " merges; a leaf in parentheses is a cluster of that many rows")
                                + (labels == null
                                        ? ""
                                        : "; below the dashed cut, merges take their flat cluster's colour,"
                                                + " the largest clusters first"));
        if (labels != null && in.columns.size() >= 2) {
            scatterMatrix(r, in, labels, "flat cluster");
        }
        return r.render();
    }

    /** HDBSCAN*'s report: the condensed tree as an icicle plot, the clusters and the noise. */
    static String renderHdbscan(InputData in, HdbscanClusters clusters, HdbscanSettings settings, String metric) {
        int[] labels = clusters.labels();
        HtmlReport r = new HtmlReport("HDBSCAN* clustering of " + in.path);
        r.paragraph(labels.length + " rows of " + in.columns.size() + " columns, " + metric + " distance; HDBSCAN*"
                + " with minimum cluster size " + settings.minClusterSize() + ", min samples " + settings.minSamples()
                + " (the row itself counted), "
                + (settings.selection() == ClusterSelection.EOM ? "excess of mass" : "leaf")
                + " selection" + (settings.epsilon() > 0 ? ", selection epsilon " + settings.epsilon() : "")
                + (settings.allowSingleCluster() ? ", a single cluster allowed" : "") + ": "
                + ClusterHdbscan.figure(labels, clusters.noise()) + ".");
        CondensedTree tree = clusters.condensedTree();
        if (tree.clusters() > 0) {
            boolean[] selected = settings.selection().select(tree, settings.allowSingleCluster(), settings.epsilon());
            int drawn = Math.min(CondensedTreePlot.MAX_CLUSTERS, tree.clusters());
            r.heading("Condensed tree")
                    .figure(
                            CondensedTreePlot.chart(tree, selected, labels),
                            (drawn == tree.clusters()
                                            ? "Its " + drawn + " clusters"
                                            : "The first " + drawn + " of its " + tree.clusters() + " clusters")
                                    + " as bars as wide as their rows at each density λ, children below their"
                                    + " parent; the selected clusters in their colour, the largest first, the"
                                    + " others pale grey; a bar narrows as rows fall out of its cluster");
        }
        if (in.columns.size() >= 2 && labels.length > 0) {
            scatterMatrix(r, in, labels, "cluster");
        }
        return r.render();
    }

    /** @param labels each row's cluster, from 1, or -1 for noise (drawn last, pale grey) */
    private static void scatterMatrix(HtmlReport r, InputData in, int[] labels, String kind) {
        int step = Math.max(1, labels.length / PLOTTED);
        List<Tuple2<double[], Long>> sample = SystematicSample.of(in.unshifted(in.rows()), step);
        int clusters = ClusterJob.clusterCount(labels);
        int[] rank = ClusterPlots.sizeRanks(labels, clusters);
        int palette = ScatterMatrix.COLOURS;
        int noise = Math.min(palette, clusters) + (clusters > palette ? 1 : 0);
        int[] category = sample.stream()
                .mapToInt(t -> labels[Math.toIntExact(t._2())])
                .map(label -> label < 1 ? noise : Math.min(palette, rank[label - 1]))
                .toArray();
        List<ScatterMatrix.Category> categories = new ArrayList<>();
        for (int k = 0; k < Math.min(palette, clusters); k++) {
            categories.add(new ScatterMatrix.Category("cluster " + (k + 1) + " by size", ScatterMatrix.color(k)));
        }
        if (clusters > palette) {
            categories.add(new ScatterMatrix.Category("smaller clusters", ScatterMatrix.color(palette)));
        }
        boolean noisy = Arrays.stream(labels).anyMatch(label -> label < 1);
        if (noisy) {
            categories.add(new ScatterMatrix.Category("noise", ScatterMatrix.pale()));
        }
        int d = in.columns.size();
        r.heading("Rows by " + kind)
                .figure(
                        ScatterMatrix.chart(
                                in.columns,
                                sample.stream().map(Tuple2::_1).toArray(double[][]::new),
                                category,
                                categories),
                        sample.size() + " sampled rows coloured by " + kind + ", the largest first"
                                + (noisy ? ", noise in pale grey" : "")
                                + (d > ScatterMatrix.MAX_COLUMNS
                                        ? ", on the first " + ScatterMatrix.MAX_COLUMNS + " of " + d + " columns"
                                        : ""));
    }
}

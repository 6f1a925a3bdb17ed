package dev.mvstat.jobs.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mvstat.linkage.Dendrogram;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * The dendrogram of the cluster report, drawn as scipy draws a truncated one: the last merges of
 * the hierarchy, the clusters they join as leaves. With a flat cut, the cut is a dashed line and
 * the merges below it take their flat cluster's colour (the largest clusters the palette's first
 * colours).
 */
public final class ClusterPlots {

    private static final int HEIGHT = 520;
    private static final String ABOVE_CUT = "#555555";

    private ClusterPlots() {}

    /**
     * @param top       how many of the last merges to draw
     * @param labels    flat cluster of each observation, from 1, or null without a cut
     * @param cut       the cut's height, or NaN for halfway between the merges it separates
     * @param cutLabel  the cut's caption on the line ("k = 3", "distance 0.5")
     * @param leafNames the observations' names, as the leaves show them
     */
    public static Chart dendrogram(
            Dendrogram tree, int top, int[] labels, double cut, String cutLabel, List<String> leafNames) {
        int n = tree.observations();
        int merges = tree.merges();
        int first = Math.max(0, merges - top);
        List<Integer> leaves = leaves(tree, first);
        double[] x = new double[n + merges];
        List<String> leafLabels = new ArrayList<>();
        for (int i = 0; i < leaves.size(); i++) {
            int leaf = leaves.get(i);
            x[leaf] = i;
            leafLabels.add(leaf < n ? leafNames.get(leaf) : "(" + tree.size(leaf - n) + ")");
        }
        int clusters = labels == null ? 0 : max(labels);
        int inside = labels == null ? 0 : n - clusters;
        int[] rank = labels == null ? new int[0] : sizeRanks(labels, clusters);
        ArrayNode series = Echarts.array();
        for (int m = first; m < merges; m++) {
            int a = tree.left(m);
            int b = tree.right(m);
            x[n + m] = (x[a] + x[b]) / 2;
            double y = tree.distance(m);
            String name;
            String color;
            if (m < inside) {
                int k = rank[labels[observation(tree, n + m)] - 1];
                name = k < Echarts.PALETTE.size() ? "cluster " + (k + 1) + " by size" : "smaller clusters";
                color = Echarts.color(k);
            } else {
                name = labels == null ? "merges" : "above the cut";
                color = ABOVE_CUT;
            }
            // a series per merge, named by its colour's legend entry: the legend toggles them together
            ObjectNode link = Echarts.line(name, color);
            link.with("lineStyle").put("width", 1.5);
            link.putArray("data")
                    .add(Echarts.point(x[a], heightOf(tree, a, first)))
                    .add(Echarts.point(x[a], y))
                    .add(Echarts.point(x[b], y))
                    .add(Echarts.point(x[b], heightOf(tree, b, first)));
            series.add(link);
        }
        ObjectNode o = Echarts.option();
        o.set("grid", Echarts.grid(80, 40, leaves.size() > 60 ? 40 : 90, 30));
        ObjectNode xAxis = Echarts.valueAxis("")
                .put("scale", false)
                // ticks at every integer: the leaves, and an unlabelled one at each end
                .put("min", -1)
                .put("max", leaves.size())
                .put("interval", 1);
        xAxis.set("splitLine", Echarts.object().put("show", false));
        ObjectNode leafFormat = Echarts.format("labels");
        ArrayNode names = leafFormat.putArray("labels");
        leafLabels.forEach(names::add);
        xAxis.set(
                "axisLabel",
                Echarts.object()
                        .put("show", leaves.size() <= 60)
                        .put("rotate", 90)
                        .put("fontSize", 11)
                        .set("formatter", leafFormat));
        o.set("xAxis", xAxis);
        o.set("yAxis", Echarts.valueAxis("merge distance").put("scale", false).put("nameGap", 55));
        o.set("series", series);
        if (labels != null && merges > 0 && series.size() > 0) {
            double at = Double.isNaN(cut) ? halfway(tree, inside) : cut;
            ((ObjectNode) series.get(series.size() - 1))
                    .set("markLine", Echarts.markLine("yAxis", at, "cut: " + cutLabel));
        }
        return Chart.of(o, HEIGHT);
    }

    /** The leaves in drawing order: a depth-first walk from the root through the drawn merges. */
    private static List<Integer> leaves(Dendrogram tree, int first) {
        int n = tree.observations();
        int merges = tree.merges();
        List<Integer> leaves = new ArrayList<>();
        Deque<Integer> stack = new ArrayDeque<>();
        stack.push(merges == 0 ? 0 : n + merges - 1);
        while (!stack.isEmpty()) {
            int cluster = stack.pop();
            if (cluster >= n + first) {
                stack.push(tree.right(cluster - n));
                stack.push(tree.left(cluster - n));
            } else {
                leaves.add(cluster);
            }
        }
        return leaves;
    }

    /** A drawn merge's own height; leaves sit at 0. */
    private static double heightOf(Dendrogram tree, int cluster, int first) {
        int n = tree.observations();
        return cluster >= n + first ? tree.distance(cluster - n) : 0;
    }

    /** @return an observation under a cluster: its leftmost */
    private static int observation(Dendrogram tree, int cluster) {
        int n = tree.observations();
        while (cluster >= n) {
            cluster = tree.left(cluster - n);
        }
        return cluster;
    }

    /** @return halfway between the last merge inside the flat clusters and the first across them */
    private static double halfway(Dendrogram tree, int inside) {
        double below = inside == 0 ? 0 : tree.distance(inside - 1);
        return inside >= tree.merges() ? below : (below + tree.distance(inside)) / 2;
    }

    /** @return per flat cluster (label - 1), its rank by size, largest first, ties by label; noise (-1) left out */
    public static int[] sizeRanks(int[] labels, int clusters) {
        long[] sizes = new long[clusters];
        for (int label : labels) {
            if (label > 0) {
                sizes[label - 1]++;
            }
        }
        Integer[] byRank = new Integer[clusters];
        for (int k = 0; k < clusters; k++) {
            byRank[k] = k;
        }
        Arrays.sort(byRank, (p, q) -> sizes[p] != sizes[q] ? Long.compare(sizes[q], sizes[p]) : p - q);
        int[] rank = new int[clusters];
        for (int r = 0; r < clusters; r++) {
            rank[byRank[r]] = r;
        }
        return rank;
    }

    /** @return the largest label, 0 for none or only noise */
    static int max(int[] labels) {
        int max = 0;
        for (int label : labels) {
            max = Math.max(max, label);
        }
        return max;
    }
}

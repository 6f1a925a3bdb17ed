package dev.mvstat.jobs.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mvstat.hdbscan.CondensedTree;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * HDBSCAN*'s condensed tree (Campello, Moulavi and Sander 2013) as the hdbscan package's icicle
 * plot draws it: λ = 1 / distance grows downwards, each cluster is a bar centred under its parent
 * whose width is the cluster's rows still in it at that λ, its children side by side below it. The
 * selected clusters take their label's colour (the largest clusters the palette's first colours),
 * the others are pale grey.
 */
public final class CondensedTreePlot {

    /** Most clusters drawn: the first in breadth-first order, so that a drawn cluster's parent is drawn too. */
    public static final int MAX_CLUSTERS = 200;
    /** Most bars a cluster is drawn with: its rows' leaving densities taken in groups past this many. */
    private static final int MAX_BARS = 40;

    private static final int HEIGHT = 520;

    private CondensedTreePlot() {}

    /**
     * @param tree     the condensed tree, with at least one cluster
     * @param selected whether each cluster (by number - n) was selected
     * @param labels   each observation's label, 1..m, or -1 for noise
     */
    public static Chart chart(CondensedTree tree, boolean[] selected, int[] labels) {
        int n = tree.observations();
        int drawn = Math.min(MAX_CLUSTERS, tree.clusters());
        Clusters c = Clusters.of(tree);
        int[] colour = colours(tree, c.parent(), selected, labels);
        double bottom = bottom(tree);
        List<ArrayNode> bars = new ArrayList<>();
        for (int k = 0; k <= Echarts.PALETTE.size() + 1; k++) {
            bars.add(Echarts.array());
        }
        double[] left = lefts(c, drawn);
        for (int k = 0; k < drawn; k++) {
            addBars(
                    bars.get(colour[k] < 0 ? bars.size() - 1 : Math.min(colour[k], Echarts.PALETTE.size())),
                    tree,
                    c,
                    k,
                    left[k] + c.size()[k] / 2.0,
                    bottom);
        }
        ObjectNode o = Echarts.option();
        o.set("grid", Echarts.grid(80, 40, 60, 30));
        o.set(
                "xAxis",
                Echarts.valueAxis("rows (a bar's width: its cluster's rows at λ)")
                        .put("scale", false)
                        .put("min", 0)
                        .put("max", n));
        o.set(
                "yAxis",
                Echarts.valueAxis("λ = 1 / mutual reachability distance")
                        .put("scale", false)
                        .put("inverse", true)
                        .put("min", 0)
                        .put("max", Echarts.round(bottom))
                        .put("nameGap", 55));
        ArrayNode series = o.putArray("series");
        for (int k = 0; k < bars.size(); k++) {
            if (!bars.get(k).isEmpty()) {
                series.add(series(k, bars.get(k)));
            }
        }
        return Chart.of(o, HEIGHT);
    }

    /** A legend entry whose bars are rectangles in data coordinates (a mark area): no points of its own. */
    private static ObjectNode series(int colour, ArrayNode bars) {
        int palette = Echarts.PALETTE.size();
        String name = colour == palette + 1
                ? "not selected"
                : colour == palette ? "smaller clusters" : "cluster " + (colour + 1) + " by size";
        String color = colour == palette + 1 ? Echarts.PALE : Echarts.color(colour);
        ObjectNode s = Echarts.line(name, color);
        s.putArray("data");
        ObjectNode area = Echarts.object();
        area.set("itemStyle", Echarts.object().put("color", color).put("opacity", 1));
        area.set("label", Echarts.object().put("show", false));
        area.set("data", bars);
        s.set("markArea", area);
        return s;
    }

    /**
     * Each cluster's parent, birth and size, by number - n.
     *
     * @param childRows the observations of each cluster's child clusters
     * @param rows      the rows of each cluster, by increasing λ
     */
    private record Clusters(int[] parent, double[] birth, int[] size, int[] childRows, List<List<Integer>> rows) {

        static Clusters of(CondensedTree tree) {
            int n = tree.observations();
            int c = tree.clusters();
            int[] parent = new int[c];
            double[] birth = new double[c];
            int[] size = new int[c];
            int[] childRows = new int[c];
            List<List<Integer>> rows = new ArrayList<>();
            for (int k = 0; k < c; k++) {
                rows.add(new ArrayList<>());
            }
            parent[0] = -1;
            size[0] = n;
            for (int i = 0; i < tree.size(); i++) {
                rows.get(tree.parent(i) - n).add(i);
                if (tree.child(i) >= n) {
                    int k = tree.child(i) - n;
                    parent[k] = tree.parent(i) - n;
                    birth[k] = tree.lambda(i);
                    size[k] = tree.childSize(i);
                    childRows[parent[k]] += size[k];
                }
            }
            rows.forEach(r -> r.sort(Comparator.comparingDouble(tree::lambda)));
            return new Clusters(parent, birth, size, childRows, rows);
        }
    }

    /**
     * @return each drawn cluster's left edge: the root's at 0, a cluster's children side by side and
     *         centred under it
     */
    private static double[] lefts(Clusters c, int drawn) {
        double[] left = new double[drawn];
        double[] next = new double[drawn];
        Arrays.fill(next, Double.NaN);
        for (int k = 1; k < drawn; k++) { // a parent's number is below its children's
            int p = c.parent()[k];
            if (Double.isNaN(next[p])) {
                next[p] = left[p] + (c.size()[p] - c.childRows()[p]) / 2.0;
            }
            left[k] = next[p];
            next[p] += c.size()[k];
        }
        return left;
    }

    /**
     * Adds a cluster's bars: from its birth, one per group of its rows' leaving densities, each as
     * wide as the rows in the cluster at the group's start.
     */
    private static void addBars(ArrayNode bars, CondensedTree tree, Clusters c, int k, double centre, double bottom) {
        List<Integer> rows = c.rows().get(k);
        int group = (rows.size() + MAX_BARS - 1) / MAX_BARS;
        double from = c.birth()[k];
        int width = c.size()[k];
        int left = width;
        for (int j = 0; j < rows.size(); j++) {
            int i = rows.get(j);
            left -= tree.childSize(i);
            boolean last = j == rows.size() - 1;
            double to = Math.min(tree.lambda(i), bottom);
            if (last || (j + 1) % group == 0) {
                if (Echarts.round(to) > Echarts.round(from)) { // a bar of some height as drawn
                    bars.add(bar(centre, width, from, to, k + tree.observations(), c.size()[k]));
                    from = to;
                }
                width = left;
            }
        }
    }

    /** A rectangle of a mark area, named for its tooltip. */
    private static ArrayNode bar(double centre, int width, double from, double to, int cluster, int size) {
        ObjectNode start = Echarts.object()
                .put("name", "cluster " + cluster + " of the condensed tree: " + size + " rows")
                .put("xAxis", Echarts.round(centre - width / 2.0))
                .put("yAxis", Echarts.round(from));
        ObjectNode end = Echarts.object()
                .put("xAxis", Echarts.round(centre + width / 2.0))
                .put("yAxis", Echarts.round(to));
        return Echarts.array().add(start).add(end);
    }

    /** @return the λ drawn at the bottom: the largest finite one, a little more, where the infinite ones are drawn */
    private static double bottom(CondensedTree tree) {
        double largest = 0;
        for (int i = 0; i < tree.size(); i++) {
            largest = Double.isFinite(tree.lambda(i)) ? Math.max(largest, tree.lambda(i)) : largest;
        }
        return largest > 0 ? 1.05 * largest : 1;
    }

    /**
     * @return each cluster's colour: its label's rank by size for a selected cluster, -1 for another;
     *         a selected cluster's label is that of the rows it owns
     */
    private static int[] colours(CondensedTree tree, int[] parent, boolean[] selected, int[] labels) {
        int n = tree.observations();
        int c = tree.clusters();
        int[] owner = new int[c];
        for (int k = 0; k < c; k++) { // a parent's number is below its children's
            owner[k] = selected[k] ? k : k == 0 ? -1 : owner[parent[k]];
        }
        int[] label = new int[c];
        for (int i = 0; i < tree.size(); i++) {
            int x = tree.child(i);
            int o = owner[tree.parent(i) - n];
            if (x < n && o >= 0 && labels[x] > 0) {
                label[o] = labels[x];
            }
        }
        int[] rank = ClusterPlots.sizeRanks(labels, ClusterPlots.max(labels));
        int[] colour = new int[c];
        for (int k = 0; k < c; k++) {
            colour[k] = selected[k] && label[k] > 0 ? rank[label[k] - 1] : -1;
        }
        return colour;
    }
}

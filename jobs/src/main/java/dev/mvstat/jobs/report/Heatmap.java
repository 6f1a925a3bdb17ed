package dev.mvstat.jobs.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * A correlation heatmap: blue for -1 through white for 0 to red for +1 on a colour bar, grey for
 * undefined. Up to {@value #MAX_BLOCKS} columns it has one cell per pair, labelled with the column
 * names, the value printed in the cell when there is room (white on the darker cells). A wider
 * matrix is cut into {@value #MAX_BLOCKS} x {@value #MAX_BLOCKS} blocks of consecutive columns, each
 * cell the mean of a block's defined values, labelled with the 1-based numbers of the columns it
 * covers, which its tooltip also names. A second view orders the rows and columns by average-linkage
 * clustering of 1 - r (Sokal and Michener's UPGMA), so that correlated columns sit together.
 */
public final class Heatmap {

    /** The most cells a row of the heatmap has. */
    public static final int MAX_BLOCKS = 100;

    /** The most cells a row has for their values to be printed in them. */
    private static final int MAX_PRINTED = 16;

    private static final int MAX_SIDE = 760;
    private static final int MAX_CELL = 64;
    private static final int LABEL = 200;
    /** The most row or column names shown; wider matrices name every k-th. */
    private static final int MAX_NAMES = 50;

    private Heatmap() {}

    /**
     * @param names       column names
     * @param correlation row-major d x d values in [-1, 1], NaN for undefined
     * @return the chart, in input order and, from three columns, in clustered order
     */
    public static Chart chart(List<String> names, double[] correlation) {
        int d = names.size();
        int[] start = blockStarts(d);
        int n = start.length - 1;
        double[] means = blockMeans(correlation, d, start);
        List<String> labels = IntStream.range(0, n)
                .mapToObj(k -> n == d ? names.get(k) : numbers(start, k))
                .toList();
        List<String> tooltips = IntStream.range(0, n)
                .mapToObj(k -> n == d ? names.get(k) : block(names, start, k))
                .toList();
        int[] input = IntStream.range(0, n).toArray();
        List<Chart.View> views = new ArrayList<>();
        views.add(new Chart.View("input order", option(means, n, input, labels, tooltips)));
        if (n >= 3) {
            views.add(
                    new Chart.View("clustered order", option(means, n, ClusteredOrder.of(means, n), labels, tooltips)));
        }
        int longest = labels.stream().mapToInt(String::length).max().orElse(0);
        // below the square, the column names at 60 degrees: about 6 pixels a character, at most LABEL
        int below = (int) (Math.min(LABEL, 6 * longest + 10) * Math.sin(Math.toRadians(60)));
        return new Chart(side(n) + below + 30, views);
    }

    /** @return the square's side in pixels: cells of at most {@value #MAX_CELL} pixels, at most {@value #MAX_SIDE} in all */
    private static int side(int n) {
        return Math.min(MAX_SIDE, n * MAX_CELL);
    }

    private static ObjectNode option(double[] means, int n, int[] order, List<String> labels, List<String> tooltips) {
        List<String> ordered = IntStream.of(order).mapToObj(labels::get).toList();
        List<String> orderedTips = IntStream.of(order).mapToObj(tooltips::get).toList();
        ObjectNode o = Echarts.option();
        o.remove("legend");
        int side = side(n);
        o.set(
                "grid",
                Echarts.object()
                        .put("left", LABEL)
                        .put("top", 10)
                        .put("width", side)
                        .put("height", side));
        ObjectNode x = Echarts.categoryAxis("", ordered).put("position", "bottom");
        ObjectNode y = Echarts.categoryAxis("", ordered).put("inverse", true);
        for (ObjectNode axis : List.of(x, y)) {
            ObjectNode label = Echarts.object()
                    .put("fontSize", 11)
                    .put("interval", (n - 1) / MAX_NAMES)
                    .put("width", LABEL - 15)
                    .put("overflow", "truncate");
            axis.set("axisLabel", label);
            axis.set("splitArea", Echarts.object().put("show", false));
        }
        x.with("axisLabel").put("rotate", 60);
        o.set("xAxis", x);
        o.set("yAxis", y);
        ObjectNode bar = Echarts.object()
                .put("type", "continuous")
                .put("min", -1)
                .put("max", 1)
                .put("calculable", true)
                .put("orient", "vertical")
                .put("left", LABEL + side + 30)
                .put("top", 10)
                .put("itemHeight", Math.max(200, side - 60))
                .put("precision", 2)
                .put("seriesIndex", 0);
        bar.set(
                "inRange",
                Echarts.object()
                        .set(
                                "color",
                                Echarts.array().add("#2166ac").add("#f7f7f7").add("#b2182b")));
        o.set("visualMap", bar);
        ObjectNode cells = Echarts.series("heatmap", "correlation");
        ObjectNode undefined = Echarts.series("heatmap", "undefined");
        undefined.set("itemStyle", Echarts.object().put("color", "#bbbbbb"));
        ArrayNode data = cells.putArray("data");
        ArrayNode missing = undefined.putArray("data");
        boolean printed = n <= MAX_PRINTED;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double r = means[order[i] * n + order[j]];
                if (!Double.isFinite(r)) {
                    missing.add(Echarts.array().add(j).add(i).add("-"));
                    continue;
                }
                ObjectNode cell = Echarts.object();
                cell.set("value", Echarts.array().add(j).add(i).add(Math.round(r * 1e6) / 1e6));
                if (printed) {
                    cell.set(
                            "label",
                            Echarts.object()
                                    .put("show", true)
                                    .put("formatter", String.format(Locale.ROOT, "%.2f", r))
                                    .put("color", Math.abs(r) > 0.55 ? "#fff" : "#222"));
                }
                data.add(cell);
            }
        }
        ObjectNode tooltip = Echarts.format("cell");
        ArrayNode tipNames = tooltip.putArray("x");
        orderedTips.forEach(tipNames::add);
        tooltip.set("y", tipNames.deepCopy());
        o.set("tooltip", Echarts.object().put("trigger", "item").set("formatter", tooltip));
        o.putArray("series").add(cells).add(undefined);
        return o;
    }

    /** @return the caption's note on the clustered view: empty below three columns, which have none */
    public static String orderNote(int d) {
        return d < 3 ? "" : "; \"clustered order\" puts correlated columns together (average linkage on 1 - r)";
    }

    /** @return the caption's note on blocks: empty up to {@value #MAX_BLOCKS} columns */
    public static String blockNote(int d) {
        if (d <= MAX_BLOCKS) {
            return "";
        }
        int small = d / MAX_BLOCKS;
        int large = (d + MAX_BLOCKS - 1) / MAX_BLOCKS;
        return "; " + d + " columns in " + MAX_BLOCKS + " blocks of "
                + (small == large ? small : small + " or " + large)
                + " consecutive columns, each cell the mean of a block pair's defined values (labels: column numbers;"
                + " tooltips: also names)";
    }

    /**
     * @return the first column of each block, then d: one block per column up to {@value #MAX_BLOCKS}
     *         columns, else {@value #MAX_BLOCKS} blocks whose sizes differ by at most one
     */
    static int[] blockStarts(int d) {
        int n = Math.min(d, MAX_BLOCKS);
        int[] start = new int[n + 1];
        for (int k = 0; k <= n; k++) {
            start[k] = (int) ((long) k * d / n);
        }
        return start;
    }

    /** @return the n x n means of the finite values of each pair of blocks, NaN where there is none */
    static double[] blockMeans(double[] matrix, int d, int[] start) {
        int n = start.length - 1;
        int[] block = new int[d];
        for (int k = 0; k < n; k++) {
            for (int c = start[k]; c < start[k + 1]; c++) {
                block[c] = k;
            }
        }
        double[] sum = new double[n * n];
        long[] count = new long[n * n];
        for (int i = 0; i < d; i++) {
            int row = block[i] * n;
            for (int j = 0; j < d; j++) {
                double v = matrix[i * d + j];
                if (Double.isFinite(v)) {
                    sum[row + block[j]] += v;
                    count[row + block[j]]++;
                }
            }
        }
        for (int k = 0; k < sum.length; k++) {
            sum[k] = count[k] == 0 ? Double.NaN : sum[k] / count[k];
        }
        return sum;
    }

    /** @return the 1-based numbers of a block's columns, "first–last" */
    private static String numbers(int[] start, int k) {
        return start[k + 1] - start[k] == 1 ? Integer.toString(start[k] + 1) : (start[k] + 1) + "–" + start[k + 1];
    }

    /** @return a block's columns for a tooltip: their numbers and the first and last names */
    private static String block(List<String> names, int[] start, int k) {
        String first = names.get(start[k]);
        return start[k + 1] - start[k] == 1
                ? "column " + numbers(start, k) + " (" + first + ")"
                : "columns " + numbers(start, k) + " (" + first + " … " + names.get(start[k + 1] - 1) + ")";
    }
}

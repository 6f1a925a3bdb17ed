package dev.mvstat.jobs.report;

import dev.mvstat.linkage.Dendrogram;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/** SVG plots of the cluster report: the top of the dendrogram, and a scatter plot coloured by cluster. */
public final class ClusterPlots {

    private static final int WIDTH = 720;
    private static final int HEIGHT = 360;
    private static final int MARGIN = 40;
    private static final String[] PALETTE = {
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"
    };

    private ClusterPlots() {}

    /**
     * The last {@code top} merges of the hierarchy, as scipy draws a truncated dendrogram: the
     * clusters they join are leaves, labelled with their size in parentheses (or the observation).
     */
    public static String dendrogram(Dendrogram tree, int top) {
        int n = tree.observations();
        int merges = tree.merges();
        int first = Math.max(0, merges - top);
        double height = merges == 0 ? 1 : Math.max(tree.distance(merges - 1), Double.MIN_NORMAL);
        // leaves in drawing order: a depth-first walk from the root through the drawn merges
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
        double[] x = new double[n + merges];
        StringBuilder s = svg();
        double step = (WIDTH - 2.0 * MARGIN) / Math.max(1, leaves.size());
        for (int i = 0; i < leaves.size(); i++) {
            int leaf = leaves.get(i);
            x[leaf] = MARGIN + (i + 0.5) * step;
            String label = leaf < n ? Integer.toString(leaf) : "(" + (int) tree.size(leaf - n) + ")";
            s.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%d\" font-size=\"8\" text-anchor=\"end\" "
                            + "transform=\"rotate(-90 %.1f %d)\">%s</text>",
                    x[leaf],
                    HEIGHT - MARGIN + 4,
                    x[leaf],
                    HEIGHT - MARGIN + 4,
                    label));
        }
        for (int m = first; m < merges; m++) {
            int a = tree.left(m);
            int b = tree.right(m);
            x[n + m] = (x[a] + x[b]) / 2;
            double y = y(tree.distance(m), height);
            s.append(path(x[a], y(heightOf(tree, a, first), height), x[a], y))
                    .append(path(x[a], y, x[b], y))
                    .append(path(x[b], y, x[b], y(heightOf(tree, b, first), height)));
        }
        s.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" font-size=\"10\">%s</text>",
                4,
                MARGIN - 4,
                HtmlReport.number(height)));
        return s.append("</svg>").toString();
    }

    /** A drawn merge's own height; leaves sit at 0. */
    private static double heightOf(Dendrogram tree, int cluster, int first) {
        int n = tree.observations();
        return cluster >= n + first ? tree.distance(cluster - n) : 0;
    }

    /**
     * @param x       horizontal coordinates
     * @param y       vertical coordinates
     * @param cluster flat cluster of each point, from 1, or 0 for none
     */
    public static String scatter(double[] x, double[] y, int[] cluster, String xLabel, String yLabel) {
        double[] xr = range(x);
        double[] yr = range(y);
        StringBuilder s = svg();
        for (int i = 0; i < x.length; i++) {
            double px = MARGIN + (x[i] - xr[0]) / (xr[1] - xr[0]) * (WIDTH - 2 * MARGIN);
            double py = HEIGHT - MARGIN - (y[i] - yr[0]) / (yr[1] - yr[0]) * (HEIGHT - 2 * MARGIN);
            String color = cluster[i] == 0 ? "#333" : PALETTE[(cluster[i] - 1) % PALETTE.length];
            s.append(
                    String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2\" fill=\"%s\"/>", px, py, color));
        }
        s.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">%s (%s to %s)" + "</text>",
                WIDTH / 2,
                HEIGHT - 8,
                HtmlReport.escape(xLabel),
                HtmlReport.number(xr[0]),
                HtmlReport.number(xr[1])));
        s.append(String.format(
                Locale.ROOT,
                "<text transform=\"translate(14,%d) rotate(-90)\" font-size=\"12\" "
                        + "text-anchor=\"middle\">%s (%s to %s)</text>",
                HEIGHT / 2,
                HtmlReport.escape(yLabel),
                HtmlReport.number(yr[0]),
                HtmlReport.number(yr[1])));
        return s.append("</svg>").toString();
    }

    private static double[] range(double[] v) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double a : v) {
            lo = Math.min(lo, a);
            hi = Math.max(hi, a);
        }
        return hi > lo ? new double[] {lo, hi} : new double[] {lo - 1, lo + 1};
    }

    private static StringBuilder svg() {
        return new StringBuilder(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
                        + "height=\"%d\" font-family=\"sans-serif\"><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
                        + "fill=\"none\" stroke=\"#ccc\"/>",
                WIDTH,
                HEIGHT,
                MARGIN,
                MARGIN,
                WIDTH - 2 * MARGIN,
                HEIGHT - 2 * MARGIN));
    }

    private static double y(double distance, double height) {
        return HEIGHT - MARGIN - distance / height * (HEIGHT - 2 * MARGIN);
    }

    private static String path(double x0, double y0, double x1, double y1) {
        return String.format(
                Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#1f77b4\"/>",
                x0,
                y0,
                x1,
                y1);
    }
}

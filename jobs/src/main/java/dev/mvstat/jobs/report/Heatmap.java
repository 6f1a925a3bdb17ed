package dev.mvstat.jobs.report;

import java.util.List;
import java.util.Locale;

/**
 * A correlation heatmap as SVG: blue for -1 through white for 0 to red for +1, grey for undefined.
 * Up to {@value #MAX_BLOCKS} columns it has one cell per pair, labelled with the column names, the
 * value printed in the cell when there is room. A wider matrix is cut into {@value #MAX_BLOCKS} x
 * {@value #MAX_BLOCKS} blocks of consecutive columns, each cell the mean of a block's defined
 * values, labelled (as far as labels {@value #BLOCK_LABEL_SPACING} pixels apart allow) with the 1-based numbers of the
 * columns it covers, which its tooltip also names, so the picture has a bounded number of elements
 * whatever the width.
 */
public final class Heatmap {

    /** The most cells a row of the heatmap has. */
    public static final int MAX_BLOCKS = 100;

    private static final int CELL = 36;
    private static final int LABEL = 150;
    /** The least distance in pixels between two blocks' labels: blocks in between go unlabelled. */
    private static final int BLOCK_LABEL_SPACING = 14;

    private Heatmap() {}

    /**
     * @param names       column names
     * @param correlation row-major d x d values in [-1, 1], NaN for undefined
     * @return an SVG element
     */
    public static String svg(List<String> names, double[] correlation) {
        int d = names.size();
        int[] start = blockStarts(d);
        int n = start.length - 1;
        double[] means = blockMeans(correlation, d, start);
        int cell = Math.max(6, Math.min(CELL, 720 / n));
        int size = LABEL + n * cell;
        StringBuilder s = new StringBuilder();
        s.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\">",
                size + 10,
                size + 10));
        int step = n == d ? 1 : (BLOCK_LABEL_SPACING + cell - 1) / cell;
        for (int i = 0; i < n; i += step) {
            String label = HtmlReport.escape(n == d ? names.get(i) : numbers(start, i));
            int mid = LABEL + i * cell + cell / 2;
            s.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\" dominant-baseline=\"middle\">%s</text>",
                    LABEL - 4,
                    mid,
                    label));
            s.append(String.format(
                    Locale.ROOT,
                    "<text transform=\"translate(%d,%d) rotate(-60)\" font-size=\"11\">%s</text>",
                    mid,
                    LABEL - 4,
                    label));
        }
        String[] tooltip = new String[n];
        for (int i = 0; i < n; i++) {
            tooltip[i] = HtmlReport.escape(n == d ? names.get(i) : block(names, start, i));
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double r = means[i * n + j];
                int x = LABEL + j * cell;
                int y = LABEL + i * cell;
                s.append("<rect x=\"")
                        .append(x)
                        .append("\" y=\"")
                        .append(y)
                        .append("\" width=\"")
                        .append(cell)
                        .append("\" height=\"")
                        .append(cell)
                        .append("\" fill=\"")
                        .append(color(r))
                        .append("\" stroke=\"#fff\"><title>")
                        .append(tooltip[i])
                        .append(" / ")
                        .append(tooltip[j])
                        .append(": ")
                        .append(sixDecimals(r))
                        .append("</title></rect>");
                if (cell >= 30) {
                    s.append(String.format(
                            Locale.ROOT,
                            "<text x=\"%d\" y=\"%d\" font-size=\"9\" text-anchor=\"middle\" dominant-baseline=\"middle\">%s</text>",
                            x + cell / 2,
                            y + cell / 2,
                            Double.isFinite(r) ? String.format(Locale.ROOT, "%.2f", r) : "-"));
                }
            }
        }
        return s.append("</svg>").toString();
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

    /** @return a correlation with six decimals, as a tooltip shows it, or "undefined" */
    private static String sixDecimals(double r) {
        if (!Double.isFinite(r)) {
            return "undefined";
        }
        long scaled = Math.round(Math.abs(r) * 1e6);
        String decimals = Long.toString(1_000_000 + scaled % 1_000_000).substring(1);
        return (r < 0 && scaled != 0 ? "-" : "") + scaled / 1_000_000 + "." + decimals;
    }

    /** Diverging colour: blue (-1), white (0), red (+1); grey when undefined. */
    static String color(double r) {
        if (!Double.isFinite(r)) {
            return "#bbbbbb";
        }
        double t = Math.max(-1, Math.min(1, r));
        int fade = (int) Math.round(255 * (1 - Math.abs(t)));
        String hex = "" + Character.forDigit(fade >> 4, 16) + Character.forDigit(fade & 15, 16);
        return t >= 0 ? "#ff" + hex + hex : "#" + hex + hex + "ff";
    }
}

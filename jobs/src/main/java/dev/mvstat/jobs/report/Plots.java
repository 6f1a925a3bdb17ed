package dev.mvstat.jobs.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Small SVG plots for the reports: a scatter plot with the identity line, a histogram with a marker, log-scale lines. */
public final class Plots {

    private static final int WIDTH = 480;
    private static final int HEIGHT = 360;
    private static final int MARGIN = 50;

    private Plots() {}

    /**
     * A QQ plot: points (x_i, y_i) and the line y = x.
     *
     * @param x theoretical quantiles, ascending
     * @param y observed quantiles, ascending
     */
    public static String qq(double[] x, double[] y, String xLabel, String yLabel) {
        double max = 0;
        for (int i = 0; i < x.length; i++) {
            max = Math.max(max, Math.max(x[i], y[i]));
        }
        double scale = max > 0 ? max * 1.05 : 1;
        StringBuilder s = frame(xLabel, yLabel, scale, HtmlReport.number(scale));
        s.append(line(0, 0, scale, scale, scale, scale, "#999"));
        for (int i = 0; i < x.length; i++) {
            s.append(String.format(
                    Locale.ROOT,
                    "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2\" fill=\"#1f77b4\"/>",
                    px(x[i], scale),
                    py(y[i], scale)));
        }
        return s.append("</svg>").toString();
    }

    /**
     * A histogram of equal-width bins from 0, with a vertical marker.
     *
     * @param counts per bin
     * @param width  bin width
     * @param marker where to draw the marker line
     */
    public static String histogram(long[] counts, double width, double marker, String xLabel, String markerLabel) {
        long top = 1;
        for (long c : counts) {
            top = Math.max(top, c);
        }
        double xMax = counts.length * width;
        StringBuilder s = frame(xLabel, "rows", xMax, HtmlReport.number(top));
        for (int b = 0; b < counts.length; b++) {
            double x0 = px(b * width, xMax);
            double x1 = px((b + 1) * width, xMax);
            double y = py(counts[b], top);
            s.append(String.format(
                    Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#1f77b4\" stroke=\"#fff\"/>",
                    x0,
                    y,
                    x1 - x0,
                    HEIGHT - MARGIN - y));
        }
        s.append(line(marker, 0, marker, top, xMax, top, "#d62728"));
        s.append(String.format(
                Locale.ROOT,
                "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" fill=\"#d62728\">%s</text>",
                px(marker, xMax) + 4,
                MARGIN - 8,
                HtmlReport.escape(markerLabel)));
        return s.append("</svg>").toString();
    }

    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"};

    /**
     * Lines of positive values against x, y on a log scale (values at or below {@code floor} drawn
     * at the floor), one colour and legend entry per series.
     *
     * @param series name to points {x, y}, x ascending
     * @param floor  the smallest y drawn, positive
     */
    public static String logLines(Map<String, List<double[]>> series, double floor, String xLabel, String yLabel) {
        double xMax = 1;
        double yTop = floor * 10;
        for (List<double[]> points : series.values()) {
            for (double[] p : points) {
                xMax = Math.max(xMax, p[0]);
                yTop = Math.max(yTop, p[1]);
            }
        }
        double low = Math.log10(floor);
        double decades = Math.ceil(Math.log10(yTop)) - low;
        StringBuilder s = frame(xLabel, yLabel + " (log scale)", xMax, null);
        for (int k = 0; k <= decades; k++) {
            s.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%d\" y=\"%.1f\" font-size=\"9\" text-anchor=\"end\">1e%d</text>",
                    MARGIN - 4,
                    py(k, decades) + 3,
                    (int) Math.round(low + k)));
        }
        int c = 0;
        for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
            String color = COLORS[c % COLORS.length];
            StringBuilder path = new StringBuilder();
            for (double[] p : e.getValue()) {
                double y = Math.log10(Math.max(p[1], floor)) - low;
                path.append(path.length() == 0 ? "M" : " L")
                        .append(String.format(Locale.ROOT, "%.1f %.1f", px(p[0], xMax), py(y, decades)));
            }
            s.append("<path d=\"")
                    .append(path)
                    .append("\" fill=\"none\" stroke=\"")
                    .append(color)
                    .append("\"/>");
            s.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"%s\">%s</text>",
                    WIDTH - 130,
                    MARGIN / 2 + 16 + 14 * c,
                    color,
                    HtmlReport.escape(e.getKey())));
            c++;
        }
        return s.append("</svg>").toString();
    }

    /** The axes box and labels; {@code yTop} labels the top of the y axis unless null. */
    private static StringBuilder frame(String xLabel, String yLabel, double xMax, String yTop) {
        StringBuilder s = new StringBuilder(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\">",
                WIDTH,
                HEIGHT));
        s.append(String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#333\"/>",
                MARGIN,
                MARGIN / 2,
                WIDTH - MARGIN - 10,
                HEIGHT - MARGIN - MARGIN / 2));
        s.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">%s</text>",
                WIDTH / 2,
                HEIGHT - 10,
                HtmlReport.escape(xLabel)));
        s.append(String.format(
                Locale.ROOT,
                "<text transform=\"translate(14,%d) rotate(-90)\" font-size=\"12\" text-anchor=\"middle\">%s</text>",
                HEIGHT / 2,
                HtmlReport.escape(yLabel)));
        s.append(String.format(
                Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\">0</text>", MARGIN, HEIGHT - MARGIN + 14));
        s.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"end\">%s</text>",
                WIDTH - 10,
                HEIGHT - MARGIN + 14,
                HtmlReport.number(xMax)));
        if (yTop != null) {
            s.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"end\">%s</text>",
                    MARGIN - 4,
                    MARGIN / 2 + 10,
                    yTop));
        }
        return s;
    }

    private static String line(double x0, double y0, double x1, double y1, double xMax, double yMax, String color) {
        return String.format(
                Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-dasharray=\"4,3\"/>",
                px(x0, xMax),
                py(y0, yMax),
                px(x1, xMax),
                py(y1, yMax),
                color);
    }

    private static double px(double x, double xMax) {
        return MARGIN + x / xMax * (WIDTH - MARGIN - 10);
    }

    private static double py(double y, double yMax) {
        return HEIGHT - MARGIN - y / yMax * (HEIGHT - MARGIN - MARGIN / 2.0);
    }
}

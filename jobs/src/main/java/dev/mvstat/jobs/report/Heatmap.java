package dev.mvstat.jobs.report;

import java.util.List;
import java.util.Locale;

/**
 * A correlation heatmap as SVG: one cell per pair, blue for -1 through white for 0 to red for +1,
 * grey for undefined; the value is printed in the cell when there is room.
 */
public final class Heatmap {

    private static final int CELL = 36;
    private static final int LABEL = 150;

    private Heatmap() {
    }

    /**
     * @param names       column names
     * @param correlation row-major d x d values in [-1, 1], NaN for undefined
     * @return an SVG element
     */
    public static String svg(List<String> names, double[] correlation) {
        int d = names.size();
        int cell = Math.max(6, Math.min(CELL, 720 / d));
        int size = LABEL + d * cell;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\">",
                size + 10, size + 10));
        for (int i = 0; i < d; i++) {
            String name = HtmlReport.escape(names.get(i));
            int mid = LABEL + i * cell + cell / 2;
            s.append(String.format(Locale.ROOT,
                    "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\" dominant-baseline=\"middle\">%s</text>",
                    LABEL - 4, mid, name));
            s.append(String.format(Locale.ROOT,
                    "<text transform=\"translate(%d,%d) rotate(-60)\" font-size=\"11\">%s</text>", mid, LABEL - 4, name));
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double r = correlation[i * d + j];
                int x = LABEL + j * cell;
                int y = LABEL + i * cell;
                s.append(String.format(Locale.ROOT,
                        "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" stroke=\"#fff\"><title>%s / %s: %s</title></rect>",
                        x, y, cell, cell, color(r), HtmlReport.escape(names.get(i)), HtmlReport.escape(names.get(j)),
                        HtmlReport.number(r)));
                if (cell >= 30) {
                    s.append(String.format(Locale.ROOT,
                            "<text x=\"%d\" y=\"%d\" font-size=\"9\" text-anchor=\"middle\" dominant-baseline=\"middle\">%s</text>",
                            x + cell / 2, y + cell / 2, Double.isFinite(r) ? String.format(Locale.ROOT, "%.2f", r) : "-"));
                }
            }
        }
        return s.append("</svg>").toString();
    }

    /** Diverging colour: blue (-1), white (0), red (+1); grey when undefined. */
    static String color(double r) {
        if (!Double.isFinite(r)) {
            return "#bbbbbb";
        }
        double t = Math.max(-1, Math.min(1, r));
        int fade = (int) Math.round(255 * (1 - Math.abs(t)));
        return t >= 0 ? String.format("#ff%02x%02x", fade, fade) : String.format("#%02x%02xff", fade, fade);
    }
}

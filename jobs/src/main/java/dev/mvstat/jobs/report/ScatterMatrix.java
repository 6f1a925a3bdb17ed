package dev.mvstat.jobs.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * A scatter-plot matrix of sampled rows over the first {@value #MAX_COLUMNS} columns, coloured by
 * a category (flat cluster, outlier flag, group), optionally with each category's Gaussian drawn
 * as its 2-sigma ellipse in every pair of columns: the set {@code mu + 2 L (cos t, sin t)} for the
 * Cholesky factor L of the pair's 2 x 2 marginal covariance.
 */
public final class ScatterMatrix {

    /** The most columns drawn: the matrix has this many squared panels at most. */
    public static final int MAX_COLUMNS = 5;

    /** How many categories get a colour of their own; {@link #color} gives grey past them. */
    public static final int COLOURS = Echarts.PALETTE.size();

    private static final int PAGE = 1080;
    private static final int GAP = 14;
    private static final int LEFT = 70;
    private static final int TOP = 40;
    private static final int ELLIPSE_POINTS = 72;

    private ScatterMatrix() {}

    /**
     * A category of rows: its legend entry, colour, and optionally its Gaussian.
     *
     * @param mean       the Gaussian's mean over all columns, or null for no ellipse
     * @param covariance its row-major covariance over all columns, or null
     */
    public record Category(String name, String color, double[] mean, double[] covariance) {

        /** A category drawn without a Gaussian. */
        public Category(String name, String color) {
            this(name, color, null, null);
        }
    }

    /** @return the k-th categorical colour of the reports, grey past their palette */
    public static String color(int k) {
        return Echarts.color(k);
    }

    /** @return the pale grey of what belongs to no category, such as HDBSCAN*'s noise */
    public static String pale() {
        return Echarts.PALE;
    }

    /** @return the colour the reports give to what stands out, such as outliers */
    public static String alert() {
        return Echarts.ALERT;
    }

    /**
     * @param columns    the columns' names
     * @param rows       the sampled rows' values, in column order
     * @param category   each row's category, an index into {@code categories}
     * @param categories the categories, in legend order
     */
    public static Chart chart(List<String> columns, double[][] rows, int[] category, List<Category> categories) {
        int p = Math.min(MAX_COLUMNS, columns.size());
        int cell = Math.min(260, (PAGE - LEFT - (p - 1) * GAP) / p);
        ObjectNode o = Echarts.option();
        o.set("tooltip", Echarts.object().put("trigger", "item"));
        ArrayNode grids = o.putArray("grid");
        ArrayNode xAxes = o.putArray("xAxis");
        ArrayNode yAxes = o.putArray("yAxis");
        ArrayNode series = o.putArray("series");
        ArrayNode titles = o.putArray("graphic");
        int panel = 0;
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++, panel++) {
                int left = LEFT + j * (cell + GAP);
                int top = TOP + i * (cell + GAP);
                grids.add(Echarts.object()
                        .put("left", left)
                        .put("top", top)
                        .put("width", cell)
                        .put("height", cell));
                xAxes.add(axis(panel, i == p - 1 ? columns.get(j) : "", i == p - 1 && i != j));
                yAxes.add(axis(panel, j == 0 ? columns.get(i) : "", j == 0 && i != j)
                        .put("nameGap", 45));
                if (i == j) {
                    titles.add(name(columns.get(i), left + cell / 2, top + cell / 2));
                    continue;
                }
                for (int c = 0; c < categories.size(); c++) {
                    series.add(points(rows, category, c, categories.get(c), j, i, panel));
                    if (categories.get(c).mean() != null) {
                        series.add(ellipse(categories.get(c), columns.size(), j, i, panel));
                    }
                }
            }
        }
        return Chart.of(o, TOP + p * (cell + GAP) + 50);
    }

    private static ObjectNode axis(int panel, String name, boolean labelled) {
        ObjectNode axis = Echarts.valueAxis(name).put("gridIndex", panel);
        axis.set("axisLabel", Echarts.object().put("show", labelled).put("fontSize", 10));
        axis.set("axisTick", Echarts.object().put("show", labelled));
        return axis;
    }

    private static ObjectNode name(String column, int x, int y) {
        ObjectNode text = Echarts.object().put("type", "text").put("x", x).put("y", y);
        text.set(
                "style",
                Echarts.object()
                        .put("text", column)
                        .put("fontSize", 15)
                        .put("fontWeight", "bold")
                        .put("align", "center")
                        .put("verticalAlign", "middle"));
        return text;
    }

    private static ObjectNode points(
            double[][] rows, int[] category, int c, Category cat, int xColumn, int yColumn, int panel) {
        ObjectNode s = Echarts.scatter(cat.name(), cat.color(), 4)
                .put("xAxisIndex", panel)
                .put("yAxisIndex", panel);
        ArrayNode data = s.putArray("data");
        for (int r = 0; r < rows.length; r++) {
            if (category[r] == c) {
                data.add(Echarts.point(rows[r][xColumn], rows[r][yColumn]));
            }
        }
        return s;
    }

    /** The 2-sigma ellipse of a category's Gaussian in the plane of two columns. */
    private static ObjectNode ellipse(Category cat, int d, int xColumn, int yColumn, int panel) {
        double a = cat.covariance()[xColumn * d + xColumn];
        double b = cat.covariance()[xColumn * d + yColumn];
        double c = cat.covariance()[yColumn * d + yColumn];
        // Cholesky factor of [[a, b], [b, c]]
        double l11 = Math.sqrt(Math.max(a, 0));
        double l21 = l11 > 0 ? b / l11 : 0;
        double l22 = Math.sqrt(Math.max(c - l21 * l21, 0));
        ObjectNode s = Echarts.line(cat.name(), cat.color())
                .put("xAxisIndex", panel)
                .put("yAxisIndex", panel)
                .put("silent", true);
        ArrayNode data = s.putArray("data");
        for (int k = 0; k <= ELLIPSE_POINTS; k++) {
            double t = 2 * Math.PI * k / ELLIPSE_POINTS;
            double u = 2 * Math.cos(t);
            double v = 2 * Math.sin(t);
            data.add(Echarts.point(cat.mean()[xColumn] + l11 * u, cat.mean()[yColumn] + l21 * u + l22 * v));
        }
        return s;
    }
}

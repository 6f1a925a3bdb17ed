package dev.mvstat.jobs.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/** The reports' line charts: a QQ plot with the identity line, a histogram with a marker, linear or log-scale lines. */
public final class Plots {

    static final int HEIGHT = 420;

    private Plots() {}

    /**
     * A QQ plot: points (x_i, y_i) and the line y = x.
     *
     * @param x theoretical quantiles, ascending
     * @param y observed quantiles, ascending
     */
    public static Chart qq(double[] x, double[] y, String xName, String yName) {
        ObjectNode o = Echarts.option();
        o.set("xAxis", Echarts.valueAxis(xName));
        o.set("yAxis", Echarts.valueAxis(yName).put("nameGap", 50));
        ObjectNode points = Echarts.scatter("rows", Echarts.PALETTE.get(0), 5);
        ArrayNode data = points.putArray("data");
        double max = 0;
        for (int i = 0; i < x.length; i++) {
            data.add(Echarts.point(x[i], y[i]));
            max = Math.max(max, Math.max(x[i], y[i]));
        }
        ObjectNode identity = Echarts.line("y = x", Echarts.GREY);
        identity.with("lineStyle").put("type", "dashed");
        identity.putArray("data").add(Echarts.point(0, 0)).add(Echarts.point(max, max));
        o.putArray("series").add(points).add(identity);
        return Chart.of(o, HEIGHT);
    }

    /**
     * A histogram of equal-width bins from 0, with a vertical marker.
     *
     * @param counts per bin
     * @param width  bin width
     * @param marker where to draw the marker line
     */
    public static Chart histogram(long[] counts, double width, double marker, String xName, String markerLabel) {
        ObjectNode o = Echarts.option();
        o.set("xAxis", Echarts.valueAxis(xName).put("scale", false).put("min", 0));
        o.set("yAxis", Echarts.valueAxis("rows").put("scale", false).put("nameGap", 50));
        // on a value axis a bar's band is the spacing of the bin centres: the bars tile the bins
        ObjectNode bars = Echarts.series("bar", "rows per bin").put("barWidth", "96%");
        bars.set("itemStyle", Echarts.object().put("color", Echarts.PALETTE.get(0)));
        ArrayNode data = bars.putArray("data");
        for (int b = 0; b < counts.length; b++) {
            data.add(Echarts.array().add(Echarts.round((b + 0.5) * width)).add(counts[b]));
        }
        bars.set("markLine", Echarts.markLine("xAxis", marker, markerLabel));
        o.putArray("series").add(bars);
        return Chart.of(o, HEIGHT);
    }

    /**
     * Lines of values against x, one colour and legend entry per series.
     *
     * @param series name to points {x, y}, x ascending
     */
    public static Chart lines(Map<String, List<double[]>> series, String xName, String yName) {
        return lines(series, Echarts.valueAxis(yName).put("nameGap", 50), Double.NEGATIVE_INFINITY, xName);
    }

    /**
     * Lines of positive values against x, y on a log scale (values at or below {@code floor} drawn
     * at the floor), one colour and legend entry per series.
     *
     * @param series name to points {x, y}, x ascending
     * @param floor  the smallest y drawn, positive
     */
    public static Chart logLines(Map<String, List<double[]>> series, double floor, String xName, String yName) {
        return lines(series, Echarts.logAxis(yName + " (log scale)", floor), floor, xName);
    }

    /** Lines against x on {@code yAxis}, each y drawn at {@code floor} or above. */
    private static Chart lines(Map<String, List<double[]>> series, ObjectNode yAxis, double floor, String xName) {
        ObjectNode o = Echarts.option();
        o.set("xAxis", Echarts.valueAxis(xName).put("scale", false).put("min", 0));
        o.set("yAxis", yAxis);
        o.set("tooltip", Echarts.object().put("trigger", "axis"));
        o.set("grid", Echarts.grid(80, 40, 70, 30));
        ArrayNode all = o.putArray("series");
        int c = 0;
        for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
            ObjectNode line = Echarts.line(e.getKey(), Echarts.color(c++));
            ArrayNode data = line.putArray("data");
            for (double[] p : e.getValue()) {
                data.add(Echarts.point(p[0], Math.max(p[1], floor)));
            }
            all.add(line);
        }
        return Chart.of(o, HEIGHT);
    }
}

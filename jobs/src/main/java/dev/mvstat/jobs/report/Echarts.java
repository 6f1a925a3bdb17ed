package dev.mvstat.jobs.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;

/**
 * Building blocks of ECharts options (the declarative JSON that {@code echarts.setOption} takes):
 * the page's common look, axes with titles, series and the named formatters of {@code charts.js}.
 */
final class Echarts {

    /** Categorical colours (Tableau 10), then grey for what no category claims. */
    static final List<String> PALETTE =
            List.of("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f");

    static final String GREY = "#9a9a9a";
    /** Pale grey: what belongs to no category (HDBSCAN*'s noise, its clusters not selected). */
    static final String PALE = "#d0d0d0";

    static final String ALERT = "#d62728";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final MathContext PLOT_DIGITS = new MathContext(6);

    private Echarts() {}

    static ObjectNode object() {
        return NODES.objectNode();
    }

    static ArrayNode array() {
        return NODES.arrayNode();
    }

    /** An option with the reports' look: no animation (a screenshot shows the final picture), tooltips, a legend on top. */
    static ObjectNode option() {
        ObjectNode o = object();
        o.put("animation", false);
        o.set("textStyle", object().put("fontSize", 13));
        ArrayNode colors = o.putArray("color");
        PALETTE.forEach(colors::add);
        o.set("tooltip", object().put("trigger", "item"));
        o.set("legend", object().put("top", 0).put("type", "scroll"));
        o.set("grid", grid(70, 40, 70, 30));
        return o;
    }

    /** A plotting area inset from the chart's edges, in pixels. */
    static ObjectNode grid(int left, int top, int bottom, int right) {
        return object().put("left", left)
                .put("top", top)
                .put("bottom", bottom)
                .put("right", right)
                .put("containLabel", false);
    }

    /** A numeric axis titled {@code name}, its range fitted to the data rather than from zero. */
    static ObjectNode valueAxis(String name) {
        ObjectNode axis = object().put("type", "value").put("name", name).put("scale", true);
        axis.put("nameLocation", "middle").put("nameGap", 32);
        axis.set("nameTextStyle", object().put("fontWeight", "bold"));
        axis.set("splitLine", object().set("lineStyle", object().put("color", "#eee")));
        return axis;
    }

    /** A logarithmic axis titled {@code name} from {@code min}, labels as powers of ten. */
    static ObjectNode logAxis(String name, double min) {
        ObjectNode axis = valueAxis(name).put("type", "log").put("logBase", 10).put("min", min);
        axis.remove("scale");
        axis.put("nameGap", 48);
        axis.set("axisLabel", object().set("formatter", format("exponent")));
        return axis;
    }

    /** A category axis titled {@code name}. */
    static ObjectNode categoryAxis(String name, List<String> categories) {
        ObjectNode axis = object().put("type", "category").put("name", name);
        ArrayNode data = axis.putArray("data");
        categories.forEach(data::add);
        return axis;
    }

    /**
     * A series of {@code type} named {@code name} (its legend entry), no data yet, drawn in one go:
     * progressive drawing of large series over several frames would leave a screenshot unfinished.
     */
    static ObjectNode series(String type, String name) {
        return object().put("type", type).put("name", name).put("progressive", 0);
    }

    /** A line series without point symbols. */
    static ObjectNode line(String name, String color) {
        ObjectNode s = series("line", name).put("showSymbol", false);
        s.set("lineStyle", object().put("width", 2).put("color", color));
        s.set("itemStyle", object().put("color", color));
        return s;
    }

    /** A scatter series of small points. */
    static ObjectNode scatter(String name, String color, int size) {
        ObjectNode s = series("scatter", name).put("symbolSize", size);
        s.set("itemStyle", object().put("color", color).put("opacity", 0.75));
        return s;
    }

    /**
     * A dashed straight line through the plot (a threshold, a cut), labelled above its end.
     *
     * @param axis "xAxis" for a vertical line at x = at, "yAxis" for a horizontal one
     */
    static ObjectNode markLine(String axis, double at, String label) {
        ObjectNode line = object().put("symbol", "none").put("silent", true);
        line.set("lineStyle", object().put("color", ALERT).put("type", "dashed").put("width", 2));
        line.set(
                "label",
                object().put("formatter", label)
                        .put("color", ALERT)
                        .put("position", axis.equals("xAxis") ? "end" : "insideEndTop"));
        line.putArray("data").add(object().put(axis, round(at)));
        return line;
    }

    /** A point {x, y} rounded for plotting. */
    static ArrayNode point(double x, double y) {
        return array().add(round(x)).add(round(y));
    }

    /** A formatter of {@code charts.js}, by name. */
    static ObjectNode format(String name) {
        return object().put("$format", name);
    }

    /** @return v to six significant digits: enough for a picture, a third of the text */
    static double round(double v) {
        return v == 0 || !Double.isFinite(v)
                ? v
                : new BigDecimal(v).round(PLOT_DIGITS).doubleValue();
    }

    /** @return the colour of the k-th category, grey past the palette */
    static String color(int k) {
        return k < PALETTE.size() ? PALETTE.get(k) : GREY;
    }
}

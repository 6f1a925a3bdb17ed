package dev.mvstat.jobs.report;

import com.fasterxml.jackson.databind.node.ArrayNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * One self-contained HTML page: headings, paragraphs, tables and figures, no external file. Figures
 * are ECharts options drawn in the browser by the ECharts runtime inlined into the page.
 */
public final class HtmlReport {

    private static final String FIGURE_START = "<figure class=\"chart\">";
    private static final String ECHARTS = "META-INF/resources/webjars/echarts/";
    private static final String STYLE = "body{font-family:sans-serif;margin:2em auto;max-width:1200px;padding:0 1em}"
            + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:2px 6px;"
            + "text-align:right;font-size:small}figure{margin:1.5em 0}.plot{width:100%}"
            + "figcaption{color:#444;font-size:small;margin-top:.3em}.views button{margin-right:.5em}";
    private static final String FIGURE_END = "</figure>";

    private final StringBuilder body = new StringBuilder();
    private final String title;

    public HtmlReport(String title) {
        this.title = title;
    }

    public HtmlReport heading(String text) {
        body.append("<h2>").append(escape(text)).append("</h2>\n");
        return this;
    }

    public HtmlReport paragraph(String text) {
        body.append("<p>").append(escape(text)).append("</p>\n");
        return this;
    }

    /** Adds a paragraph that is a link. */
    public HtmlReport link(String href, String text) {
        body.append("<p><a href=\"")
                .append(escape(href))
                .append("\">")
                .append(escape(text))
                .append("</a></p>\n");
        return this;
    }

    /**
     * Adds a figure: the chart's views as JSON, drawn when the page loads.
     *
     * @param caption what the figure shows, under it
     */
    public HtmlReport figure(Chart chart, String caption) {
        ArrayNode views = Echarts.array();
        chart.views()
                .forEach(v -> views.add(Echarts.object().put("name", v.name()).set("option", v.option())));
        body.append(FIGURE_START)
                .append("<div class=\"plot\" style=\"height:")
                .append(chart.height())
                .append("px\"></div><script type=\"application/json\">")
                // "</" would end the script element early; "<\/" is the same JSON string
                .append(views.toString().replace("</", "<\\/"))
                .append("</script><figcaption>")
                .append(escape(caption))
                .append("</figcaption>")
                .append(FIGURE_END)
                .append('\n');
        return this;
    }

    /** Adds a figure element of another report, one of its {@link #figures}. */
    public HtmlReport copiedFigure(String figureElement) {
        body.append(figureElement).append('\n');
        return this;
    }

    /** @return the figure elements of a page rendered by this class, chart and caption each, in page order */
    public static List<String> figures(String html) {
        List<String> out = new ArrayList<>();
        int start = html.indexOf(FIGURE_START);
        int end = start < 0 ? -1 : html.indexOf(FIGURE_END, start);
        while (end >= 0) {
            end += FIGURE_END.length();
            out.add(html.substring(start, end));
            start = html.indexOf(FIGURE_START, end);
            end = start < 0 ? -1 : html.indexOf(FIGURE_END, start);
        }
        return out;
    }

    /** Adds a table of text cells; the first row is the header. */
    public HtmlReport table(List<List<String>> rows) {
        body.append("<table>\n");
        for (int i = 0; i < rows.size(); i++) {
            String cell = i == 0 ? "th" : "td";
            body.append("<tr>");
            for (String v : rows.get(i)) {
                body.append('<')
                        .append(cell)
                        .append('>')
                        .append(escape(v))
                        .append("</")
                        .append(cell)
                        .append('>');
            }
            body.append("</tr>\n");
        }
        body.append("</table>\n");
        return this;
    }

    /** Adds a labelled square matrix as a table, NaN shown as "null". */
    public HtmlReport matrix(List<String> names, double[] m) {
        int d = names.size();
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of(""));
        header.addAll(names);
        rows.add(header);
        for (int i = 0; i < d; i++) {
            List<String> row = new ArrayList<>(List.of(names.get(i)));
            for (int j = 0; j < d; j++) {
                row.add(number(m[i * d + j]));
            }
            rows.add(row);
        }
        return table(rows);
    }

    public static String number(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "null";
    }

    /** @return the page; with figures, the charting runtime and the script that draws them are inlined */
    public String render() {
        boolean charts = body.indexOf(FIGURE_START) >= 0;
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
                + "</title>\n<style>" + STYLE + "</style>\n"
                + (charts ? "<script>" + runtime() + "</script>\n" : "")
                + "</head>\n<body>\n<h1>" + escape(title) + "</h1>\n" + body
                + (charts ? "<script>" + resource("charts.js") + "</script>\n" : "")
                + "</body></html>\n";
    }

    /** @return ECharts' minified runtime, from the WebJar on the classpath */
    private static String runtime() {
        Properties webjar = new Properties();
        try (InputStream in = resourceStream("/META-INF/maven/org.webjars.npm/echarts/pom.properties")) {
            webjar.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return resource("/" + ECHARTS + webjar.getProperty("version") + "/dist/echarts.min.js");
    }

    /** @return a classpath resource's text, relative to this class unless it starts with "/" */
    private static String resource(String name) {
        try (InputStream in = resourceStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resourceStream(String name) {
        InputStream in = HtmlReport.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("missing resource " + name + " in the job jar");
        }
        return in;
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

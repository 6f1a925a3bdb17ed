package dev.mvstat.jobs.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One self-contained HTML page: headings, paragraphs, tables and inline SVG plots, no external file. */
public final class HtmlReport {

    private static final String FIGURE_START = "<figure>";
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

    /** Adds a figure: an SVG document produced by this package, embedded as is. */
    public HtmlReport figure(String svg, String caption) {
        body.append(FIGURE_START)
                .append(svg)
                .append("<figcaption>")
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

    /** @return the figure elements of a page rendered by this class, SVG and caption each, in page order */
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

    public String render() {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
                + "</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:70em}"
                + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:2px 6px;"
                + "text-align:right;font-size:small}figure{margin:1em 0}</style></head>\n<body>\n<h1>"
                + escape(title) + "</h1>\n" + body + "</body></html>\n";
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

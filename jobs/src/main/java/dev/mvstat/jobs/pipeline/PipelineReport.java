package dev.mvstat.jobs.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mvstat.jobs.report.HtmlReport;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * report.html of the pipeline: a table of the stages, then per stage its key figures, the first
 * figure of its own report (the correlation heatmap, the QQ plot, the dendrogram, the convergence
 * curve), copied as it is, and a link to that report; then the warnings.
 */
public final class PipelineReport {

    private PipelineReport() {}

    static String html(PipelineSummary summary, PipelineDirectory dir) {
        HtmlReport r = new HtmlReport("Pipeline on " + summary.input());
        long skipped = summary.records().stream().filter(StageRecord::skipped).count();
        r.paragraph("Every stage succeeded: " + (summary.records().size() - skipped) + " ran, " + skipped
                + " skipped as up to date. Each stage's directory holds its own outputs, summary.json and report;"
                + " fit-gaussian fits one Gaussian per flat cluster of the cluster stage.");
        List<List<String>> table = new ArrayList<>();
        table.add(List.of("stage", "status", "seconds"));
        for (StageRecord record : summary.records()) {
            table.add(List.of(
                    record.stage().directory(),
                    record.skipped() ? "skipped: up to date" : "ran",
                    String.format(Locale.ROOT, "%.1f", record.seconds())));
        }
        r.table(table);
        summary.clusterSizes().ifPresent(sizes -> {
            r.heading("Cluster sizes");
            r.paragraph(sizes.line() + ".");
            r.table(sizes.table());
        });
        for (StageRecord record : summary.records()) {
            String stage = record.stage().directory();
            r.heading(stage);
            List<String> names = new ArrayList<>();
            List<String> values = new ArrayList<>();
            record.keyFigures().properties().forEach(field -> {
                names.add(field.getKey());
                values.add(text(field.getValue()));
            });
            r.table(List.of(names, values));
            HtmlReport.figures(dir.stageReport(record.stage())).stream()
                    .findFirst()
                    .ifPresent(r::copiedFigure);
            r.link(stage + "/report.html", "The " + stage + " report");
        }
        List<String> warnings = summary.warnings();
        if (!warnings.isEmpty()) {
            r.heading("Warnings");
            warnings.forEach(r::paragraph);
        }
        return r.render();
    }

    private static String text(JsonNode value) {
        if (value.isFloatingPointNumber()) {
            return HtmlReport.number(value.asDouble());
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(text(item)));
            return String.join(", ", items);
        }
        return value.asText();
    }
}

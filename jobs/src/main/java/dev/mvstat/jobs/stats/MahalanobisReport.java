package dev.mvstat.jobs.stats;

import dev.mvstat.jobs.input.InputSource;
import dev.mvstat.jobs.input.InputSummary;
import dev.mvstat.jobs.report.HtmlReport;
import dev.mvstat.jobs.report.Plots;
import dev.mvstat.jobs.report.ScatterMatrix;
import dev.mvstat.mahalanobis.ChiSquared;
import dev.mvstat.mahalanobis.MahalanobisModel;

import java.util.ArrayList;
import java.util.List;

/**
 * report.html of the mahalanobis job: QQ plot, histogram with the threshold, a scatter-plot matrix
 * of sampled rows with the outliers in red, and the most outlying rows with their values.
 *
 * @param idName the column naming rows: the {@code --id-column}, or {@code row_index}
 */
record MahalanobisReport(InputSummary input, MahalanobisModel model, ChiSquared chi, double alpha, String idName) {

    private static final int QQ_POINTS = 400;
    private static final int BINS = 40;
    /** The most sampled rows on the scatter-plot matrix. */
    private static final int PLOTTED = 600;

    /** @return the sampled rows the scatter-plot matrix shows: evenly spaced among the sample */
    static List<ScoreSummary.Scored> plotted(ScoreSummary scores) {
        List<ScoreSummary.Scored> sampled = scores.sampled;
        int every = Math.max(1, (sampled.size() + PLOTTED - 1) / PLOTTED);
        List<ScoreSummary.Scored> out = new ArrayList<>();
        for (int i = 0; i < sampled.size(); i += every) {
            out.add(sampled.get(i));
        }
        return out;
    }

    /**
     * @param top         the most outlying rows read again, as {@code scores.top}
     * @param plotted     the rows of {@link #plotted}
     * @param plottedRows those rows read again
     */
    String render(
            ScoreSummary scores,
            List<InputSource.RowAt> top,
            List<ScoreSummary.Scored> plotted,
            List<InputSource.RowAt> plottedRows) {
        double threshold = chi.quantile(alpha);
        HtmlReport r = new HtmlReport("Mahalanobis scores of " + input.path());
        r.paragraph(scores.rows + " rows scored of " + input.rowsRead() + " read; " + model.dimension() + " columns; "
                + scores.outliers + " outliers (p-value below " + HtmlReport.number(1 - alpha) + ", d² above "
                + HtmlReport.number(threshold) + "); regularization " + model.regularization() + ", intensity "
                + HtmlReport.number(model.intensity()) + "; condition number "
                + HtmlReport.number(model.conditionNumber())
                + "; mean d² " + HtmlReport.number(scores.mean) + ".");
        double[] sample = scores.sample;
        if (sample.length > 0) {
            distributions(r, sample, threshold);
            List<ScoreSummary.Scored> shown = new ArrayList<>(plotted);
            shown.addAll(scores.top);
            List<InputSource.RowAt> shownRows = new ArrayList<>(plottedRows);
            shownRows.addAll(top);
            scatterMatrix(r, shown, shownRows, top.size(), threshold);
        }
        List<List<String>> table = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of(idName, "mahalanobis_sq", "p_value"));
        header.addAll(input.columns());
        table.add(header);
        for (int i = 0; i < scores.top.size(); i++) {
            ScoreSummary.Scored t = scores.top.get(i);
            InputSource.RowAt row = top.get(i);
            List<String> cells = new ArrayList<>(List.of(
                    row.id() == null ? Long.toString(t.rowIndex) : row.id(),
                    HtmlReport.number(t.distance),
                    HtmlReport.number(chi.upperTail(t.distance))));
            for (double v : row.values()) {
                cells.add(HtmlReport.number(v));
            }
            table.add(cells);
        }
        r.heading("The " + scores.top.size() + " most outlying rows").table(table);
        return r.render();
    }

    private void distributions(HtmlReport r, double[] sample, double threshold) {
        int m = Math.min(QQ_POINTS, sample.length);
        double[] theoretical = new double[m];
        double[] observed = new double[m];
        for (int i = 0; i < m; i++) {
            double p = (i + 0.5) / m;
            theoretical[i] = chi.quantile(p);
            observed[i] = sample[(int) Math.min(sample.length - 1, Math.floor(p * sample.length))];
        }
        r.heading("QQ plot")
                .figure(
                        Plots.qq(
                                theoretical, observed, "chi-square(" + model.dimension() + ") quantile", "d² quantile"),
                        "Squared distances against chi-square quantiles (" + sample.length
                                + " sampled rows); the dashed line is y = x");
        double upper = Math.max(threshold * 1.5, sample[(int) Math.floor(0.99 * (sample.length - 1))]);
        long[] counts = new long[BINS];
        for (double v : sample) {
            counts[(int) Math.min(BINS - 1, Math.floor(v / upper * BINS))]++;
        }
        r.heading("Histogram")
                .figure(
                        Plots.histogram(
                                counts, upper / BINS, threshold, "d²", "threshold " + HtmlReport.number(threshold)),
                        "Squared distances of " + sample.length
                                + " sampled rows; the last bin holds everything beyond it");
    }

    /**
     * @param plotted the rows shown: sampled ones, then the most outlying
     * @param mostOutlying how many of them are the most outlying
     */
    private void scatterMatrix(
            HtmlReport r,
            List<ScoreSummary.Scored> plotted,
            List<InputSource.RowAt> rows,
            int mostOutlying,
            double threshold) {
        double[][] values = new double[rows.size()][];
        int[] outlier = new int[rows.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = rows.get(i).values();
            outlier[i] = plotted.get(i).distance > threshold ? 1 : 0;
        }
        List<String> columns = input.columns();
        r.heading("Rows and outliers")
                .figure(
                        ScatterMatrix.chart(
                                columns,
                                values,
                                outlier,
                                List.of(
                                        new ScatterMatrix.Category("inlier", ScatterMatrix.color(0)),
                                        new ScatterMatrix.Category("outlier", ScatterMatrix.alert()))),
                        plotted.size() - mostOutlying + " sampled rows and the " + mostOutlying
                                + " most outlying, outliers (d² above the threshold) in red"
                                + (columns.size() > ScatterMatrix.MAX_COLUMNS
                                        ? ", on the first " + ScatterMatrix.MAX_COLUMNS + " of " + columns.size()
                                                + " columns"
                                        : ""));
    }
}

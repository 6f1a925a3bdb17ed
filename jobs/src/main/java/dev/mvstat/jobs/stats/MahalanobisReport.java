package dev.mvstat.jobs.stats;

import dev.mvstat.jobs.input.InputSummary;
import dev.mvstat.jobs.report.HtmlReport;
import dev.mvstat.jobs.report.Plots;
import dev.mvstat.mahalanobis.ChiSquared;
import dev.mvstat.mahalanobis.MahalanobisModel;

import java.util.ArrayList;
import java.util.List;

/** report.html of the mahalanobis job: QQ plot, histogram with the threshold, the most outlying rows. */
public final class MahalanobisReport {

    private static final int QQ_POINTS = 400;
    private static final int BINS = 40;

    private MahalanobisReport() {}

    public static String render(
            InputSummary input,
            MahalanobisModel model,
            ScoreSummary scores,
            ChiSquared chi,
            double alpha,
            double threshold,
            String idName,
            List<String> topIds) {
        HtmlReport r = new HtmlReport("Mahalanobis scores of " + input.path());
        r.paragraph(scores.rows + " rows scored of " + input.rowsRead() + " read; " + model.dimension() + " columns; "
                + scores.outliers + " outliers (p-value below " + HtmlReport.number(1 - alpha) + ", d² above "
                + HtmlReport.number(threshold) + "); regularization " + model.regularization() + ", intensity "
                + HtmlReport.number(model.intensity()) + "; condition number "
                + HtmlReport.number(model.conditionNumber())
                + "; mean d² " + HtmlReport.number(scores.mean) + ".");
        double[] sample = scores.sample;
        if (sample.length > 0) {
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
                                    theoretical,
                                    observed,
                                    "chi-square(" + model.dimension() + ") quantile",
                                    "d² quantile"),
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
        List<List<String>> table = new ArrayList<>();
        table.add(List.of(idName, "mahalanobis_sq", "p_value"));
        for (int i = 0; i < scores.top.size(); i++) {
            double d2 = scores.top.get(i).distance;
            table.add(List.of(topIds.get(i), HtmlReport.number(d2), HtmlReport.number(chi.upperTail(d2))));
        }
        r.heading("The " + scores.top.size() + " most outlying rows").table(table);
        return r.render();
    }
}

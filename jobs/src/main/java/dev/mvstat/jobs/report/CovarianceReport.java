package dev.mvstat.jobs.report;

import dev.mvstat.jobs.input.InputSummary;
import dev.mvstat.moments.CovarianceModel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * report.html of the covariance job: correlation heatmaps, the mean, covariance and eigenvalues as
 * tables up to {@value #TABLE_MAX_COLUMNS} columns, and the eigenvalue spectrum.
 */
public final class CovarianceReport {

    /** The widest model whose mean, covariance and eigenvalues are printed; a wider one's are in its files. */
    static final int TABLE_MAX_COLUMNS = 100;
    /** Decades of the spectrum below its top one: eigenvalues further down are numerically zero. */
    private static final int DECADES = 16;

    private CovarianceReport() {}

    /** @param pearson whether the Pearson correlation was asked for */
    public static String render(CovarianceModel model, InputSummary in, boolean pearson) {
        int d = model.dimension();
        HtmlReport r = new HtmlReport("Covariance of " + in.path());
        r.paragraph(in.rowsUsed() + " rows used of " + in.rowsRead() + " read; " + d + " columns; "
                + (model.positiveDefinite() ? "positive definite" : "not positive definite, rank " + model.rank()));
        if (pearson) {
            r.heading("Pearson correlation")
                    .figure(
                            Heatmap.chart(model.columns(), model.correlation()),
                            "Pearson correlation; grey: undefined (constant column)" + Heatmap.orderNote(d)
                                    + Heatmap.blockNote(d));
        }
        double[] spearman = model.spearman();
        if (spearman != null) {
            r.heading("Spearman correlation")
                    .figure(
                            Heatmap.chart(model.columns(), spearman),
                            "Spearman rank correlation (average ranks for ties)" + Heatmap.orderNote(d)
                                    + Heatmap.blockNote(d));
        }
        double[] eigenvalues = model.eigenvalues();
        if (d <= TABLE_MAX_COLUMNS) {
            r.heading("Mean")
                    .table(List.of(
                            model.columns(),
                            Arrays.stream(model.mean())
                                    .mapToObj(HtmlReport::number)
                                    .toList()));
            r.heading("Covariance (denominator n - 1)").matrix(model.columns(), model.covariance());
            r.heading("Eigenvalues (ascending)")
                    .paragraph(String.join(
                            ", ",
                            Arrays.stream(eigenvalues)
                                    .mapToObj(HtmlReport::number)
                                    .toList()));
        } else {
            r.paragraph("The mean and eigenvalues of more than " + TABLE_MAX_COLUMNS
                    + " columns are in model.json, the covariance in covariance.npy.");
        }
        r.heading("Eigenvalue spectrum");
        if (eigenvalues[d - 1] > 0) {
            double floor = floor(eigenvalues);
            r.figure(
                    spectrum(eigenvalues, floor),
                    "Eigenvalues of the covariance, largest first, on a log scale from " + HtmlReport.number(floor)
                            + "; any below it, numerically zero, drawn on the axis");
        } else {
            r.paragraph("Every eigenvalue is zero: every column is constant.");
        }
        return r.render();
    }

    /**
     * @param ascending eigenvalues, ascending, the largest positive
     * @return the power of ten at or below the smallest positive eigenvalue, but at most
     *         {@value #DECADES} decades below the largest one's
     */
    private static double floor(double[] ascending) {
        double top = Math.ceil(Math.log10(ascending[ascending.length - 1]));
        double smallest = Arrays.stream(ascending).filter(v -> v > 0).min().orElseThrow();
        return Math.pow(10, Math.max(top - DECADES, Math.floor(Math.log10(smallest))));
    }

    /** @param ascending eigenvalues, ascending, the largest positive */
    private static Chart spectrum(double[] ascending, double floor) {
        int d = ascending.length;
        List<double[]> points = new ArrayList<>(d);
        for (int k = 1; k <= d; k++) {
            points.add(new double[] {k, ascending[d - k]});
        }
        return Plots.logLines(Map.of("eigenvalues", points), floor, "rank", "eigenvalue");
    }
}

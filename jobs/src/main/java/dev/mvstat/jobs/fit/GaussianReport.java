package dev.mvstat.jobs.fit;

import dev.mvstat.gaussian.FitSettings;
import dev.mvstat.gaussian.GaussianFit;
import dev.mvstat.gaussian.TraceStep;
import dev.mvstat.jobs.input.InputData;
import dev.mvstat.jobs.report.Chart;
import dev.mvstat.jobs.report.HtmlReport;
import dev.mvstat.jobs.report.Plots;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * report.html of fit-gaussian: the convergence curves, sampled rows with the fitted Gaussians'
 * ellipses, and the fitted against the closed-form covariance.
 */
public final class GaussianReport {

    /** Gaps below this are drawn at it: differences of mean NLLs near 1e-16 relative are rounding. */
    static final double GAP_FLOOR = 1e-14;

    private GaussianReport() {}

    /** @param grouped whether the rows were fitted per group, their group in {@code in}'s id column */
    public static String html(
            InputData in, FitSettings settings, GaussianFit fit, List<FittedGaussian> fitted, boolean grouped) {
        HtmlReport r = new HtmlReport("Gaussian fit of " + in.path);
        r.paragraph(in.rowsUsed + " rows of " + in.columns.size() + " columns; "
                + settings.optimizer().label()
                + ", learning rate " + HtmlReport.number(settings.learningRate()) + "; "
                + fit.trace().size()
                + " steps in " + fit.epochs() + " epochs; " + (fit.converged() ? "converged" : "did not converge")
                + " (tolerance " + HtmlReport.number(settings.tolerance()) + ").");
        r.heading("Convergence")
                .figure(
                        curves(settings.optimizer().label(), fit.trace(), fitted),
                        "Mean NLL of each group's rows minus its closed-form optimum (KL from the MLE), at the steps"
                                + " where all rows were evaluated; one line per group and optimizer");
        scatterMatrix(r, in, grouped, fitted);
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of(
                "group",
                "rows",
                "mean NLL (fit)",
                "mean NLL (closed form)",
                "gap",
                "covariance |fit - exact|/|exact|",
                "iterations",
                "converged"));
        for (FittedGaussian f : fitted) {
            rows.add(List.of(
                    f.key().isEmpty() ? "all" : f.key(),
                    Long.toString(f.count()),
                    HtmlReport.number(f.fit().meanNll()),
                    HtmlReport.number(f.exact().meanNll()),
                    HtmlReport.number(f.nllGap()),
                    HtmlReport.number(f.covarianceGap()),
                    Integer.toString(f.fit().iterations()),
                    Boolean.toString(f.fit().converged())));
        }
        r.heading("Fit against the closed form").table(rows);
        for (FittedGaussian f : fitted) {
            String group = f.key().isEmpty() ? "" : " (" + f.key() + ")";
            r.heading("Fitted covariance" + group).matrix(in.columns, f.model().covariance());
            r.heading("Closed-form covariance" + group)
                    .matrix(in.columns, f.exact().model().covariance());
        }
        return r.render();
    }

    /**
     * The NLL gap against step, one line per group: each group's mean NLL of its own rows minus its
     * closed-form optimum.
     */
    static Chart curves(String optimizer, List<TraceStep> trace, List<FittedGaussian> fitted) {
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        for (int g = 0; g < fitted.size(); g++) {
            FittedGaussian f = fitted.get(g);
            series.put(
                    f.key().isEmpty() ? optimizer : f.key() + " (" + optimizer + ")",
                    TraceCurves.group(trace, g, f.exact().meanNll()));
        }
        return Plots.logLines(series, GAP_FLOOR, "step", "mean NLL gap");
    }

    /** The NLL gap of all rows against step, one line per trace (such as one per optimizer). */
    public static Chart curve(Map<String, List<TraceStep>> traces, double optimum) {
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        traces.forEach((name, trace) -> series.put(name, TraceCurves.all(trace, optimum)));
        return Plots.logLines(series, GAP_FLOOR, "step", "mean NLL gap");
    }

    /** Sampled rows coloured by group, with each fitted Gaussian's 2-sigma ellipse; groups left out are not drawn. */
    private static void scatterMatrix(HtmlReport r, InputData in, boolean grouped, List<FittedGaussian> fitted) {
        JavaRDD<double[]> rows = in.unshifted(in.rows());
        JavaRDD<Tuple2<String, double[]>> keyed = grouped
                ? in.validRowKeys(true).zip(rows).map(t -> new Tuple2<>(String.valueOf(t._1()), t._2()))
                : rows.map(x -> new Tuple2<>("", x));
        List<FittedScatter.Fitted> gaussians = fitted.stream()
                .map(f -> new FittedScatter.Fitted(f.key(), f.key().isEmpty() ? "rows" : f.key(), f.model()))
                .toList();
        FittedScatter.add(r, "Rows and fitted Gaussians", in, keyed, gaussians, grouped ? "group" : null);
    }
}

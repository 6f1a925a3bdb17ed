package dev.mvstat.jobs.stats;

import dev.mvstat.gaussian.FitSettings;
import dev.mvstat.gaussian.GaussianFit;
import dev.mvstat.gaussian.TraceStep;
import dev.mvstat.jobs.input.InputData;
import dev.mvstat.jobs.report.HtmlReport;
import dev.mvstat.jobs.report.Plots;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** report.html of fit-gaussian: the convergence curve and the fitted against the closed-form covariance. */
public final class GaussianReport {

    /** Gaps below this are drawn at it: differences of mean NLLs near 1e-16 relative are rounding. */
    static final double GAP_FLOOR = 1e-14;

    private GaussianReport() {}

    public static String html(InputData in, FitSettings settings, GaussianFit fit, List<FittedGaussian> fitted) {
        HtmlReport r = new HtmlReport("Gaussian fit of " + in.path);
        r.paragraph(in.rowsUsed + " rows of " + in.columns.size() + " columns; "
                + settings.optimizer().label()
                + ", learning rate " + HtmlReport.number(settings.learningRate()) + "; "
                + fit.trace().size()
                + " steps in " + fit.epochs() + " epochs; " + (fit.converged() ? "converged" : "did not converge")
                + " (tolerance " + HtmlReport.number(settings.tolerance()) + ").");
        r.heading("Convergence")
                .figure(
                        curve(Map.of(settings.optimizer().label(), fit.trace()), optimum(fitted)),
                        "Mean NLL of all rows minus the closed-form optimum (KL from the MLE), at the steps where all rows"
                                + " were evaluated");
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

    /** The optimum of the NLL per row over all rows: the count-weighted closed-form mean NLLs. */
    static double optimum(List<FittedGaussian> fitted) {
        double sum = 0;
        long n = 0;
        for (FittedGaussian f : fitted) {
            sum += f.exact().meanNll() * f.count();
            n += f.count();
        }
        return sum / n;
    }

    /** The NLL gap against step, one line per trace. */
    public static String curve(Map<String, List<TraceStep>> traces, double optimum) {
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        traces.forEach((name, trace) -> series.put(
                name,
                trace.stream()
                        .filter(t -> Double.isFinite(t.fullNll()))
                        .map(t -> new double[] {t.step(), t.fullNll() - optimum})
                        .toList()));
        return Plots.logLines(series, GAP_FLOOR, "step", "mean NLL gap");
    }
}

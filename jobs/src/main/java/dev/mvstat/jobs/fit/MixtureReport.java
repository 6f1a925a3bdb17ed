package dev.mvstat.jobs.fit;

import dev.mvstat.gaussian.FitSettings;
import dev.mvstat.jobs.input.InputData;
import dev.mvstat.jobs.report.Chart;
import dev.mvstat.jobs.report.HtmlReport;
import dev.mvstat.jobs.report.Plots;
import dev.mvstat.mixture.GaussianMixture;
import dev.mvstat.mixture.MixtureFit;
import dev.mvstat.mixture.MixtureSettings;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * report.html of fit-mixture: the convergence curve of every start, sampled rows coloured by their
 * most likely component with each component's ellipse, and the components' weights and means.
 */
final class MixtureReport {

    private MixtureReport() {}

    static String html(InputData in, MixtureSettings settings, FittedMixture fitted) {
        MixtureFit fit = fitted.fit();
        FitSettings optimizer = settings.fit();
        HtmlReport r = new HtmlReport("Gaussian mixture fit of " + in.path);
        r.paragraph(in.rowsUsed + " rows of " + in.columns.size() + " columns; K = " + settings.components()
                + " components, covariance floor " + HtmlReport.number(settings.floor()) + "; "
                + optimizer.optimizer().label() + ", learning rate " + HtmlReport.number(optimizer.learningRate())
                + "; " + fit.trace().size() + " steps in " + fit.epochs() + " epochs; kept start " + fit.start()
                + " of " + settings.starts() + ", mean log-likelihood " + HtmlReport.number(fit.meanLogLikelihood())
                + " per row; " + (fit.converged() ? "converged" : "did not converge") + " (tolerance "
                + HtmlReport.number(optimizer.tolerance()) + ").");
        r.heading("Convergence")
                .figure(
                        curves(optimizer.optimizer().label(), fit),
                        "Mean NLL per row of all rows (with the covariance floor's penalty), at the steps where all"
                                + " rows were evaluated; one line per start");
        scatterMatrix(r, in, fitted);
        r.heading("Components").table(components(in.columns, fitted));
        if (settings.starts() > 1) {
            List<List<String>> starts = new ArrayList<>();
            starts.add(List.of("start", "mean log-likelihood"));
            for (int s = 0; s < settings.starts(); s++) {
                starts.add(List.of(
                        s == fit.start() ? s + " (kept)" : Integer.toString(s),
                        HtmlReport.number(fit.startLogLikelihoods().get(s))));
            }
            r.heading("Starts").table(starts);
        }
        return r.render();
    }

    /** The mean NLL of all rows against step, one line per start. */
    private static Chart curves(String optimizer, MixtureFit fit) {
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        for (int s = 0; s < fit.startLogLikelihoods().size(); s++) {
            series.put("start " + s + " (" + optimizer + ")", TraceCurves.group(fit.trace(), s, 0));
        }
        return Plots.lines(series, "step", "mean NLL");
    }

    /** Sampled rows coloured by their most likely component, with each component's 2-sigma ellipse. */
    private static void scatterMatrix(HtmlReport r, InputData in, FittedMixture fitted) {
        GaussianMixture shifted = fitted.fit().mixture();
        int k = shifted.components();
        JavaRDD<Tuple2<String, double[]>> keyed = in.rows()
                .map(x -> FittedMixture.mostLikely(shifted, x, new double[k]))
                .zip(in.unshifted(in.rows()))
                .map(t -> new Tuple2<>(String.valueOf(t._1()), t._2()));
        List<FittedScatter.Fitted> components = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            components.add(new FittedScatter.Fitted(
                    String.valueOf(c), "component " + c, fitted.model().component(c)));
        }
        FittedScatter.add(r, "Rows and components", in, keyed, components, "most likely component");
    }

    /** @return the table of each component's weight, rows and mean */
    private static List<List<String>> components(List<String> columns, FittedMixture fitted) {
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("component", "weight", "rows (most likely)"));
        columns.forEach(c -> header.add("mean " + c));
        rows.add(header);
        double[] weights = fitted.model().weights();
        for (int c = 0; c < weights.length; c++) {
            List<String> row = new ArrayList<>(
                    List.of(Integer.toString(c), HtmlReport.number(weights[c]), Long.toString(fitted.sizes()[c])));
            for (double m : fitted.model().component(c).mean()) {
                row.add(HtmlReport.number(m));
            }
            rows.add(row);
        }
        return rows;
    }
}

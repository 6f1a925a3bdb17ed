package dev.mvstat.jobs.fit;

import dev.mvstat.gaussian.CholeskyGaussian;
import dev.mvstat.jobs.input.InputData;
import dev.mvstat.jobs.report.HtmlReport;
import dev.mvstat.jobs.report.ScatterMatrix;
import dev.mvstat.jobs.stats.SystematicSample;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fit reports' scatter-plot matrix: a systematic sample of rows, each coloured by the fitted
 * Gaussian it belongs to (its group, or its most likely mixture component), with every Gaussian
 * drawn as its 2-sigma ellipse.
 */
final class FittedScatter {

    /** Most rows drawn. */
    private static final int PLOTTED = 1500;

    private FittedScatter() {}

    /**
     * A fitted Gaussian and the rows that belong to it.
     *
     * @param key   the key of its rows
     * @param name  its legend entry
     * @param model the Gaussian, in the rows' units as read
     */
    record Fitted(String key, String name, CholeskyGaussian model) {}

    /**
     * Adds the heading and the figure; nothing for a single column.
     *
     * @param keyed      every valid row as read, in input order, with the key of the Gaussian it belongs to;
     *                   a sampled row whose key no Gaussian has is not drawn
     * @param fitted     the Gaussians, in legend order
     * @param colouredBy what the colours show, for the caption ("group"), or null with one Gaussian
     */
    static void add(
            HtmlReport r,
            String heading,
            InputData in,
            JavaRDD<Tuple2<String, double[]>> keyed,
            List<Fitted> fitted,
            String colouredBy) {
        if (in.columns.size() < 2) {
            return;
        }
        long step = Math.max(1, in.rowsUsed / PLOTTED);
        List<ScatterMatrix.Category> categories = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        for (Fitted f : fitted) {
            index.put(f.key(), categories.size());
            categories.add(new ScatterMatrix.Category(
                    f.name(),
                    ScatterMatrix.color(categories.size()),
                    f.model().mean(),
                    f.model().covariance()));
        }
        List<double[]> shown = new ArrayList<>();
        List<Integer> category = new ArrayList<>();
        for (Tuple2<Tuple2<String, double[]>, Long> sampled : SystematicSample.of(keyed, step)) {
            Integer c = index.get(sampled._1()._1());
            if (c != null) {
                shown.add(sampled._1()._2());
                category.add(c);
            }
        }
        int d = in.columns.size();
        r.heading(heading)
                .figure(
                        ScatterMatrix.chart(
                                in.columns,
                                shown.toArray(new double[0][]),
                                category.stream().mapToInt(Integer::intValue).toArray(),
                                categories),
                        shown.size() + " sampled rows" + (colouredBy == null ? "" : " coloured by " + colouredBy)
                                + ", and each fitted Gaussian's 2-sigma ellipse (its marginal in each pair of columns)"
                                + (d > ScatterMatrix.MAX_COLUMNS
                                        ? ", on the first " + ScatterMatrix.MAX_COLUMNS + " of " + d + " columns"
                                        : ""));
    }
}

package dev.mvstat.jobs.fit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.mvstat.gaussian.ClosedForm;
import dev.mvstat.gaussian.FitSettings;
import dev.mvstat.gaussian.GaussianFit;
import dev.mvstat.jobs.cli.DataOptions;
import dev.mvstat.jobs.cli.JobException;
import dev.mvstat.jobs.cli.OptionSpec;
import dev.mvstat.jobs.cli.Options;
import dev.mvstat.jobs.input.InputData;
import dev.mvstat.jobs.output.Json;
import dev.mvstat.jobs.stats.DataJob;
import dev.mvstat.jobs.stats.RunInput;
import dev.mvstat.jobs.stats.RunRecord;
import dev.mvstat.moments.CoMoments;
import dev.mvstat.spark.DistributedCovariance;
import dev.mvstat.spark.DistributedGaussianFit;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@code fit-gaussian}: maximum-likelihood Gaussians fitted by mini-batch likelihood with a
 * driver-side optimizer ({@link DistributedGaussianFit}), one per {@code --group-by} value when
 * given, checked against the closed-form answer (sample mean, covariance with denominator n);
 * writes gaussian.json, trace.csv, summary.json and report.html.
 */
public final class FitGaussianJob extends DataJob {

    private static final List<OptionSpec> OWN = List.of(
            FitOptions.seed("the mini-batch sampling"),
            OptionSpec.text("group-by", "COLUMN", "fit one Gaussian per value of this column"),
            OptionSpec.choice(
                    "on-no-mle",
                    "when a group has no maximum-likelihood Gaussian: fail, or skip the group",
                    "fail",
                    "skip"));

    @Override
    public String name() {
        return "fit-gaussian";
    }

    @Override
    public String description() {
        return "Gaussian MLE by mini-batch Adam/SGD/L-BFGS, per group -> gaussian.json, trace.csv";
    }

    @Override
    public List<OptionSpec> options() {
        List<OptionSpec> own = new ArrayList<>(FitOptions.ALL);
        own.addAll(OWN);
        return DataOptions.with(own.toArray(OptionSpec[]::new));
    }

    @Override
    public String example() {
        return "--input data/iris.csv --output /tmp/iris-gaussian --group-by species --optimizer lbfgs";
    }

    @Override
    protected void checkOwn(Options options) {
        String groupBy = options.get("group-by");
        if (groupBy == null) {
            return;
        }
        if (options.get("id-column") != null) {
            throw JobException.usage("give --group-by or --id-column, not both");
        }
        if (options.list("columns").contains(groupBy)) {
            throw JobException.usage("--columns names the --group-by column '" + groupBy + "', which is never data");
        }
    }

    @Override
    protected Plan plan(SparkSession spark, Options options) {
        FitSettings settings = FitOptions.settings(options);
        String groupBy = options.get("group-by");
        boolean leaveOutWithoutMle = options.require("on-no-mle").equals("skip");
        InputData.Request given = InputData.Request.of(options);
        InputData.Request request = groupBy == null ? given : given.withIdColumn(groupBy);
        Fitting fitting = new Fitting(settings, groupBy, leaveOutWithoutMle);
        return new Plan(request, (input, run) -> fitting.run(input, run));
    }

    /**
     * The fit the options ask for.
     *
     * @param groupBy            {@code --group-by}, or null
     * @param leaveOutWithoutMle whether a group without a maximum-likelihood Gaussian is left out
     */
    private record Fitting(FitSettings settings, String groupBy, boolean leaveOutWithoutMle) {

        /** Fits the cached input, per group when grouped, beside the closed-form answer. */
        Result run(RunInput input, RunRecord run) {
            InputData in = input.load(null);
            in.requireValidRows(1, "a Gaussian fit");
            FitOptions.checkBatchSize(settings, in.rowsUsed);
            JavaPairRDD<String, double[]> keyed = groupBy == null
                    ? null
                    : in.validRowKeys(true).map(String::valueOf).zip(in.rows());
            ClosedForms forms = run.stage("closed_form", () -> closedForms(in, keyed, leaveOutWithoutMle));
            forms.leftOut().values().forEach(why -> run.warn(why + "; left out of the fit"));
            SortedMap<String, ClosedForm> exact = forms.exact();
            DistributedGaussianFit.KeyedFit fit = run.stage(
                    "fit",
                    () -> groupBy == null
                            ? new DistributedGaussianFit.KeyedFit(
                                    List.of(), DistributedGaussianFit.fit(in.rows(), settings))
                            : DistributedGaussianFit.fitByKey(
                                    forms.only(keyed), List.copyOf(exact.keySet()), settings));
            List<FittedGaussian> fitted = FittedGaussian.all(fit, exact, in.pivot());
            GaussianFile gaussian = GaussianFile.of(in.columns, settings, groupBy, fit.fit(), fitted);
            return new Result(
                    in.summary(),
                    out -> {
                        out.writeText("gaussian.json", Json.write(gaussian));
                        out.writeText("trace.csv", TraceCsv.of(fit.fit().trace()));
                    },
                    () -> GaussianReport.html(in, settings, fit.fit(), fitted, groupBy != null),
                    FitFields.of(settings, fit.fit(), fitted, forms.leftOut().keySet()),
                    (fit.fit().converged() ? "converged" : "not converged") + " after "
                            + fit.fit().epochs() + " epochs");
        }
    }

    /** The summary.json fields of the fit. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record FitFields(
            String optimizer,
            boolean converged,
            int epochs,
            int steps,
            double largestMeanNllGap,
            int groupsFitted,
            List<String> groupsLeftOut) {

        static FitFields of(
                FitSettings settings, GaussianFit fit, List<FittedGaussian> fitted, Collection<String> leftOut) {
            return new FitFields(
                    settings.optimizer().label(),
                    fit.converged(),
                    fit.epochs(),
                    fit.trace().size(),
                    fitted.stream().mapToDouble(FittedGaussian::nllGap).max().orElse(0),
                    fitted.size(),
                    List.copyOf(leftOut));
        }
    }

    /**
     * The exact maximum-likelihood answer per group ("" when ungrouped); exit 4 where none exists,
     * unless {@code leaveOut} and grouped: then such a group is left out, and only no group left is exit 4.
     */
    private static ClosedForms closedForms(InputData in, JavaPairRDD<String, double[]> keyed, boolean leaveOut) {
        SortedMap<String, CoMoments> moments = keyed == null
                ? new TreeMap<>(Map.of("", DistributedCovariance.coMoments(in.rows())))
                : DistributedCovariance.coMomentsByKey(keyed);
        SortedMap<String, ClosedForm> exact = new TreeMap<>();
        SortedMap<String, String> leftOut = new TreeMap<>();
        moments.forEach((key, m) -> {
            try {
                exact.put(
                        key, ClosedForm.of(key.isEmpty() ? in.path : "group '" + key + "'", m, in.pivot(), in.columns));
            } catch (ArithmeticException e) {
                if (!leaveOut || keyed == null) {
                    throw e;
                }
                leftOut.put(key, e.getMessage());
            }
        });
        if (exact.isEmpty()) {
            throw new ArithmeticException("no group has a maximum-likelihood Gaussian; "
                    + leftOut.values().iterator().next());
        }
        return new ClosedForms(exact, leftOut);
    }

    /**
     * @param exact   the closed form of every group that has one
     * @param leftOut the groups that have none, each with why
     */
    private record ClosedForms(SortedMap<String, ClosedForm> exact, SortedMap<String, String> leftOut) {

        /** @return the rows of the groups that have a closed form */
        JavaPairRDD<String, double[]> only(JavaPairRDD<String, double[]> keyed) {
            Set<String> kept = Set.copyOf(exact.keySet());
            return keyed.filter(row -> kept.contains(row._1()));
        }
    }

    /**
     * gaussian.json: the columns, the optimizer's settings, how the fit went, then the one
     * Gaussian's entry inline, or each group's entry under {@code groups}.
     *
     * @param single  the Gaussian, ungrouped; null (left out) with {@code --group-by}
     * @param groupBy {@code --group-by}, or null (left out)
     * @param groups  each group's Gaussian by its value, or null (left out) ungrouped
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record GaussianFile(
            List<String> columns,
            FitOptions.Entry optimizer,
            String standardization,
            int epochs,
            int steps,
            boolean converged,
            @JsonUnwrapped FittedGaussian.Entry single,
            @JsonInclude(JsonInclude.Include.NON_NULL) String groupBy,
            @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, FittedGaussian.Entry> groups) {

        static GaussianFile of(
                List<String> columns,
                FitSettings settings,
                String groupBy,
                GaussianFit fit,
                List<FittedGaussian> fitted) {
            Map<String, FittedGaussian.Entry> groups = null;
            if (groupBy != null) {
                groups = new LinkedHashMap<>();
                for (FittedGaussian f : fitted) {
                    groups.put(f.key(), f.json());
                }
            }
            return new GaussianFile(
                    columns,
                    FitOptions.Entry.of(
                            settings,
                            fitted.stream().mapToLong(FittedGaussian::count).sum(),
                            STOPPING),
                    STANDARDIZATION,
                    fit.epochs(),
                    fit.trace().size(),
                    fit.converged(),
                    groupBy == null ? fitted.get(0).json() : null,
                    groupBy,
                    groups);
        }
    }

    /** When a Gaussian fit has converged, as gaussian.json states it. */
    private static final String STOPPING = "converged when the whitened residuals of all rows have mean within the"
            + " tolerance of 0 and second moment within it of I";

    static final String STANDARDIZATION = "fitted internally on each column centred at its mean and scaled by its"
            + " standard deviation, from the standard normal there; results mapped back to the original units";
}

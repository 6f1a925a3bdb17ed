package dev.mvstat.jobs.stats;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.mvstat.gaussian.ClosedForm;
import dev.mvstat.gaussian.FitSettings;
import dev.mvstat.gaussian.GaussianFit;
import dev.mvstat.gaussian.TraceStep;
import dev.mvstat.jobs.cli.DataOptions;
import dev.mvstat.jobs.cli.JobException;
import dev.mvstat.jobs.cli.OptionSpec;
import dev.mvstat.jobs.cli.Options;
import dev.mvstat.jobs.input.InputData;
import dev.mvstat.jobs.output.Json;
import dev.mvstat.moments.CoMoments;
import dev.mvstat.optimize.OptimizerKind;
import dev.mvstat.spark.DistributedCovariance;
import dev.mvstat.spark.DistributedGaussianFit;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.SparkSession;

import java.util.Arrays;
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

    /** {@code --optimizer}: the optimizer of the likelihood. */
    public static final OptionSpec OPTIMIZER = OptionSpec.choice(
            "optimizer",
            "the optimizer of the likelihood",
            Arrays.stream(OptimizerKind.values()).map(OptimizerKind::label).toArray(String[]::new));

    private static final List<OptionSpec> OWN = List.of(
            OPTIMIZER,
            OptionSpec.integer(
                    "batch-size",
                    "N",
                    "rows per mini-batch; default: the optimizer's",
                    1,
                    "a whole number of rows, at least 1"),
            OptionSpec.number(
                    "learning-rate", "R", "step size; default: the optimizer's", r -> r > 0, "a positive number"),
            OptionSpec.integer(
                    "epochs",
                    "N",
                    "most passes over the data; default: the optimizer's",
                    1,
                    "a whole number, at least 1"),
            OptionSpec.number(
                    "tolerance",
                    "T",
                    "convergence tolerance; default: the optimizer's",
                    t -> t > 0,
                    "a positive number"),
            OptionSpec.integer("seed", "N", "seed of the mini-batch sampling", Long.MIN_VALUE, "a whole number"),
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
        return DataOptions.with(OWN.toArray(OptionSpec[]::new));
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
        FitSettings settings = settings(options);
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
            if (settings.batchSize() > in.rowsUsed) {
                throw JobException.usage("--batch-size " + settings.batchSize() + " is larger than the data, "
                        + in.rowsUsed + " valid rows");
            }
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
                        out.writeText("trace.csv", traceCsv(fit.fit().trace()));
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

    /** The fit settings from the options; an optimizer's defaults fill what is not given. */
    static FitSettings settings(Options options) {
        OptimizerKind optimizer = OptimizerKind.of(options.require("optimizer"));
        FitSettings s = FitSettings.defaults(optimizer);
        Long batch = options.integer("batch-size");
        if (batch != null) {
            s = s.withBatchSize((int) Math.min(batch, Integer.MAX_VALUE));
        }
        Double rate = options.number("learning-rate");
        if (rate != null) {
            s = s.withLearningRate(rate);
        }
        Long epochs = options.integer("epochs");
        if (epochs != null) {
            s = s.withMaxEpochs((int) Math.min(epochs, Integer.MAX_VALUE));
        }
        Double tolerance = options.number("tolerance");
        if (tolerance != null) {
            s = s.withTolerance(tolerance);
        }
        Long seed = options.integer("seed");
        return seed == null ? s : s.withSeed(seed);
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
            Optimizer optimizer,
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
                    Optimizer.of(
                            settings,
                            fitted.stream().mapToLong(FittedGaussian::count).sum()),
                    STANDARDIZATION,
                    fit.epochs(),
                    fit.trace().size(),
                    fit.converged(),
                    groupBy == null ? fitted.get(0).json() : null,
                    groupBy,
                    groups);
        }
    }

    /** The optimizer's settings in gaussian.json; {@code batchSize} in rows. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Optimizer(
            String name,
            long batchSize,
            double learningRate,
            int maxEpochs,
            double tolerance,
            long seed,
            String schedule) {

        static Optimizer of(FitSettings settings, long rows) {
            return new Optimizer(
                    settings.optimizer().label(),
                    settings.rowsPerBatch(rows),
                    settings.learningRate(),
                    settings.maxEpochs(),
                    settings.tolerance(),
                    settings.seed(),
                    SCHEDULE);
        }
    }

    static final String SCHEDULE = "batches of shuffled rows; the batch doubles after every epoch until it is all rows;"
            + " whenever the NLL of all rows rises (at a full batch, or over a partial-batch epoch) the fit goes back to"
            + " its best point and restarts the momentum, and halves the rate if the rise came over an epoch or right"
            + " after a restart; a step whose NLL is not finite is undone and retaken at half the rate;"
            + " converged when the whitened residuals of all rows have mean within the tolerance of 0 and second"
            + " moment within it of I (L-BFGS: full batches, Armijo backtracking)";

    static final String STANDARDIZATION = "fitted internally on each column centred at its mean and scaled by its"
            + " standard deviation, from the standard normal there; results mapped back to the original units";

    /** trace.csv: one line per step; full_nll empty where the full data was not evaluated. */
    static String traceCsv(List<TraceStep> trace) {
        StringBuilder s = new StringBuilder("step,epoch,batch_nll,full_nll,gradient_norm,learning_rate,event\n");
        for (TraceStep t : trace) {
            s.append(t.step())
                    .append(',')
                    .append(t.epoch())
                    .append(',')
                    .append(cell(t.batchNll()))
                    .append(',')
                    .append(cell(t.fullNll()))
                    .append(',')
                    .append(cell(t.gradientNorm()))
                    .append(',')
                    .append(cell(t.learningRate()))
                    .append(',');
            if (!t.event().isEmpty()) {
                s.append('"').append(t.event().replace("\"", "\"\"")).append('"');
            }
            s.append('\n');
        }
        return s.toString();
    }

    private static String cell(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "";
    }
}

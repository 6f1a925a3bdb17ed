package dev.mvstat.jobs.fit;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.mvstat.jobs.cli.DataOptions;
import dev.mvstat.jobs.cli.OptionSpec;
import dev.mvstat.jobs.cli.Options;
import dev.mvstat.jobs.input.AddedColumns;
import dev.mvstat.jobs.input.InputData;
import dev.mvstat.jobs.output.Json;
import dev.mvstat.jobs.stats.DataJob;
import dev.mvstat.jobs.stats.RunInput;
import dev.mvstat.jobs.stats.RunRecord;
import dev.mvstat.mixture.GaussianMixture;
import dev.mvstat.mixture.MixtureFit;
import dev.mvstat.mixture.MixtureSettings;
import dev.mvstat.spark.DatasetRows;
import dev.mvstat.spark.DistributedMixtureFit;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code fit-mixture}: a mixture of K full-covariance Gaussians fitted by mini-batch likelihood
 * with a driver-side optimizer ({@link DistributedMixtureFit}; the default {@code natural} step is
 * EM's, Dempster, Laird and Rubin 1977), the best of several k-means++ starts; writes mixture.json,
 * assignments/ (every row's most likely component and posterior probabilities), trace.csv,
 * summary.json and report.html.
 */
public final class FitMixtureJob extends DataJob {

    private static final OptionSpec K = OptionSpec.integer(
                    "k", "K", "the number of Gaussian components", 1, "a whole number, at least 1")
            .asRequired();
    private static final OptionSpec STARTS = OptionSpec.integer(
            "starts",
            "S",
            "k-means++ starts, the most likely kept; more find better optima on multimodal data",
            1,
            "a whole number, at least 1");
    private static final OptionSpec FLOOR = OptionSpec.number(
            "covariance-floor",
            "F",
            "each component's covariance floor, relative to each column's variance",
            f -> f > 0,
            "a positive number");

    @Override
    public String name() {
        return "fit-mixture";
    }

    @Override
    public String description() {
        return "mixture of K Gaussians by EM (or Adam/SGD/L-BFGS), best of S starts -> mixture.json, assignments/";
    }

    @Override
    public List<OptionSpec> options() {
        List<OptionSpec> own = new ArrayList<>(List.of(K, STARTS, FLOOR));
        own.addAll(FitOptions.ALL);
        own.add(FitOptions.seed("the mini-batch sampling and the k-means++ starts"));
        own.add(DataOptions.OUTPUT_FORMAT);
        return DataOptions.with(own.toArray(OptionSpec[]::new));
    }

    @Override
    public String example() {
        return "--input data/iris.csv --output /tmp/iris-mixture --k 3 --starts 10";
    }

    @Override
    protected Plan plan(SparkSession spark, Options options) {
        MixtureSettings settings = new MixtureSettings(
                whole(options.integer("k")),
                FitOptions.settings(options),
                whole(options.integer("starts")),
                options.number("covariance-floor"));
        InputData.Request request = InputData.Request.of(options);
        Fitting fitting = new Fitting(settings, options.require("output-format"), request.idColumn());
        return new Plan(request, (input, run) -> fitting.run(spark, input, run));
    }

    /** @return a whole-number option as an int; past the int range, its largest */
    private static int whole(long value) {
        return (int) Math.min(value, Integer.MAX_VALUE);
    }

    /**
     * The fit the options ask for.
     *
     * @param idColumn {@code --id-column}, or null
     */
    private record Fitting(MixtureSettings settings, String outputFormat, String idColumn) {

        /** Fits the cached input and assigns every row to its components. */
        Result run(SparkSession spark, RunInput input, RunRecord run) {
            InputData in = input.load(null);
            in.requireValidRows(1, "a mixture fit");
            FitOptions.checkBatchSize(settings.fit(), in.rowsUsed);
            requireRows(in, settings.components());
            MixtureFit fit = run.stage("fit", () -> DistributedMixtureFit.fit(in.rows(), settings));
            FittedMixture fitted = run.stage("assign", () -> FittedMixture.of(fit, in.pivot(), in.rows()));
            return new Result(
                    in.summary(),
                    out -> {
                        out.writeText("mixture.json", Json.write(fitted.json(in.columns, settings)));
                        List<String> continuous = new ArrayList<>(in.continuousColumns);
                        for (int k = 0; k < settings.components(); k++) {
                            continuous.add(AddedColumns.probability(k));
                        }
                        out.writeTable(
                                assignmentRows(spark, in, fit.mixture(), idColumn),
                                "assignments",
                                outputFormat,
                                continuous);
                        out.writeText("trace.csv", TraceCsv.of(fit.trace()));
                    },
                    () -> MixtureReport.html(in, settings, fitted),
                    MixtureFields.of(settings, fitted),
                    figure(fitted));
        }
    }

    /**
     * Exit 4 unless there are at least K rows and K (d + 1): each component's Gaussian needs d + 1
     * rows, as the single Gaussian's maximum-likelihood fit does.
     */
    private static void requireRows(InputData in, int k) {
        long n = in.rowsUsed;
        int d = in.columns.size();
        if (n < k) {
            throw new ArithmeticException(
                    in.path + ": " + n + " rows for --k " + k + ": a mixture cannot have more components than rows");
        }
        if (n < (long) k * (d + 1)) {
            throw new ArithmeticException(in.path + ": " + n + " rows; a mixture of " + k + " Gaussians in " + d
                    + " dimensions needs at least K (d + 1) = " + (long) k * (d + 1));
        }
    }

    /**
     * Every valid input row as it was, plus its row index (without an id column), its most likely
     * component and each component's posterior probability.
     *
     * @param shifted the mixture in the units of the rows minus the pivot
     */
    private static Dataset<Row> assignmentRows(
            SparkSession spark, InputData in, GaussianMixture shifted, String idColumn) {
        boolean withIndex = idColumn == null;
        int k = shifted.components();
        JavaRDD<Row> rows = in.validRowsAsRead().map(t -> {
            double[] probabilities = new double[k];
            int component = FittedMixture.mostLikely(shifted, t._3(), probabilities);
            List<Object> cells = new ArrayList<>();
            if (withIndex) {
                cells.add(t._2());
            }
            cells.add(component);
            for (double p : probabilities) {
                cells.add(p);
            }
            return DatasetRows.append(t._1(), cells.toArray());
        });
        StructType schema = in.schema();
        if (withIndex) {
            schema = schema.add(AddedColumns.ROW_INDEX, DataTypes.LongType, false);
        }
        schema = schema.add(AddedColumns.COMPONENT, DataTypes.IntegerType, false);
        for (int j = 0; j < k; j++) {
            schema = schema.add(AddedColumns.probability(j), DataTypes.DoubleType, false);
        }
        return spark.createDataFrame(rows, schema);
    }

    /** @return "K = 3: components of 50, 45, 55 rows; mean log-likelihood -1.20124; converged after 12 epochs" */
    private static String figure(FittedMixture fitted) {
        MixtureFit fit = fitted.fit();
        int k = fitted.sizes().length;
        return "K = " + k + ": " + (k == 1 ? "component of " : "components of ")
                + fitted.sizeList().stream().map(String::valueOf).collect(Collectors.joining(", "))
                + " rows; mean log-likelihood " + String.format(Locale.ROOT, "%.6g", fit.meanLogLikelihood()) + "; "
                + (fit.converged() ? "converged" : "not converged") + " after " + fit.epochs() + " epochs";
    }

    /**
     * The summary.json fields of the fit.
     *
     * @param start          the start kept, from 0
     * @param componentSizes per component, the rows whose most likely component it is
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record MixtureFields(
            String optimizer,
            int k,
            int starts,
            double covarianceFloor,
            boolean converged,
            int epochs,
            int steps,
            double meanLogLikelihood,
            double stationarity,
            int start,
            List<Long> componentSizes) {

        static MixtureFields of(MixtureSettings settings, FittedMixture fitted) {
            MixtureFit fit = fitted.fit();
            return new MixtureFields(
                    settings.fit().optimizer().label(),
                    settings.components(),
                    settings.starts(),
                    settings.floor(),
                    fit.converged(),
                    fit.epochs(),
                    fit.trace().size(),
                    fit.meanLogLikelihood(),
                    fit.stationarity(),
                    fit.start(),
                    fitted.sizeList());
        }
    }
}

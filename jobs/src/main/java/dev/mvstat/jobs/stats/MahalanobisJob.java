package dev.mvstat.jobs.stats;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.mvstat.jobs.cli.DataOptions;
import dev.mvstat.jobs.cli.OptionSpec;
import dev.mvstat.jobs.cli.Options;
import dev.mvstat.jobs.input.AddedColumns;
import dev.mvstat.jobs.input.InputData;
import dev.mvstat.jobs.input.InputSource;
import dev.mvstat.jobs.input.InputSummary;
import dev.mvstat.jobs.output.Json;
import dev.mvstat.mahalanobis.ChiSquared;
import dev.mvstat.mahalanobis.MahalanobisModel;
import dev.mvstat.mahalanobis.Regularization;
import dev.mvstat.moments.CovarianceModel;
import dev.mvstat.spark.DatasetRows;
import dev.mvstat.spark.DistributedMahalanobis;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * {@code mahalanobis}: scores every row by its squared Mahalanobis distance to the covariance
 * model (estimated from the input, or read with {@code --model}), with its chi-square p-value and
 * an outlier flag; writes scores/, summary.json and report.html.
 */
public final class MahalanobisJob extends DataJob {

    private static final OptionSpec ALPHA = OptionSpec.number(
            "alpha",
            "P",
            "a row is an outlier when its distance exceeds this chi-square quantile",
            a -> a > 0 && a < 1,
            "a number in (0, 1)");

    @Override
    public String name() {
        return "mahalanobis";
    }

    @Override
    public String description() {
        return "squared Mahalanobis distance, p-value and outlier flag of every row -> scores/";
    }

    @Override
    public List<OptionSpec> options() {
        return DataOptions.with(CovarianceFit.MODEL, CovarianceFit.REGULARIZATION, ALPHA, DataOptions.OUTPUT_FORMAT);
    }

    @Override
    public String example() {
        return "--input data/iris.csv --output /tmp/iris-scores --alpha 0.99 --overwrite";
    }

    @Override
    protected void checkOwn(Options options) {
        CovarianceFit.checkModel(options.get("model"), CovarianceFit.regularization(options.require("regularization")));
    }

    @Override
    protected Plan plan(SparkSession spark, Options options) {
        double alpha = options.number("alpha");
        Regularization regularization = CovarianceFit.regularization(options.require("regularization"));
        String outputFormat = options.require("output-format");
        InputData.Request request = InputData.Request.of(options);
        CovarianceModel given = CovarianceFit.given(spark, options.get("model"), request.columns(), regularization);
        Scoring scoring = new Scoring(alpha, regularization, outputFormat, request.idColumn(), given);
        return new Plan(request, (input, run) -> scoring.run(spark, input, run));
    }

    /**
     * The scoring the options ask for.
     *
     * @param idColumn {@code --id-column}, or null
     * @param given    the {@code --model}, or null to estimate the covariance from the input
     */
    private record Scoring(
            double alpha, Regularization regularization, String outputFormat, String idColumn, CovarianceModel given) {

        /** Fits the model unless given and scores the input's rows in a pass of their own, kept until the end. */
        Result run(SparkSession spark, RunInput input, RunRecord run) {
            InputSource source = input.open(given == null ? null : given.columns());
            MahalanobisModel model = CovarianceFit.fit(run, source, given, regularization);
            ChiSquared chi = new ChiSquared(model.dimension());
            double threshold = chi.quantile(alpha);
            PartitionDistances distances = run.stage("score", () -> PartitionDistances.score(source, model));
            input.releaseAtEnd(distances::close);
            ScoreSummary scores = run.stage(
                    "score",
                    () -> ScoreSummary.of(distances.byPartition, threshold, distances.rowsUsed, distances.offsets()));
            InputSummary summary = source.summary(distances.rowsRead(), distances.rowsUsed);
            return new Result(
                    summary,
                    out -> {
                        Dataset<Row> scored = scoredRows(spark, source, distances, idColumn, alpha);
                        List<String> continuous = new ArrayList<>(source.continuousColumns);
                        continuous.addAll(List.of(DistributedMahalanobis.DISTANCE, DistributedMahalanobis.P_VALUE));
                        out.writeTable(scored, "scores", outputFormat, continuous);
                    },
                    () -> {
                        List<ScoreSummary.Scored> plotted = MahalanobisReport.plotted(scores);
                        List<Long> positions = new ArrayList<>();
                        scores.top.forEach(t -> positions.add(t.rowIndex));
                        plotted.forEach(t -> positions.add(t.rowIndex));
                        List<InputSource.RowAt> rows = source.rowsAt(positions, distances.offsets());
                        return new MahalanobisReport(
                                        summary,
                                        model,
                                        chi,
                                        alpha,
                                        idColumn == null ? AddedColumns.ROW_INDEX : idColumn)
                                .render(
                                        scores,
                                        rows.subList(0, scores.top.size()),
                                        plotted,
                                        rows.subList(scores.top.size(), rows.size()));
                    },
                    ScoreFields.of(model, scores, alpha, threshold, given == null),
                    scores.outliers + " outliers at alpha " + alpha);
        }
    }

    /** Every valid input row as it was, plus its row index (without an id column) and its scores. */
    private static Dataset<Row> scoredRows(
            SparkSession spark, InputSource source, PartitionDistances distances, String idColumn, double alpha) {
        long[] offsets = distances.offsets();
        boolean withIndex = idColumn == null;
        int d = source.columns.size();
        JavaRDD<Row> rows = source.sourceRows().zipPartitions(distances.byPartition, (sourceRows, perPartition) -> {
            double[] d2 = perPartition.next();
            long offset = offsets[TaskContext.getPartitionId()];
            ChiSquared chi = new ChiSquared(d);
            // one source row per distance, in order; rows without a distance were rejected
            return IntStream.range(0, d2.length)
                    .mapToObj(i -> {
                        if (!sourceRows.hasNext()) {
                            throw new IllegalStateException("input partition has fewer rows than when it was scored");
                        }
                        Row row = sourceRows.next();
                        if (Double.isNaN(d2[i])) {
                            return null;
                        }
                        double p = chi.upperTail(d2[i]);
                        return withIndex
                                ? DatasetRows.append(row, offset + i, d2[i], p, p < 1 - alpha)
                                : DatasetRows.append(row, d2[i], p, p < 1 - alpha);
                    })
                    .filter(Objects::nonNull)
                    .iterator();
        });
        StructType schema = source.schema();
        if (withIndex) {
            schema = schema.add(AddedColumns.ROW_INDEX, DataTypes.LongType, false);
        }
        schema = schema.add(DistributedMahalanobis.DISTANCE, DataTypes.DoubleType, false)
                .add(DistributedMahalanobis.P_VALUE, DataTypes.DoubleType, false)
                .add(DistributedMahalanobis.OUTLIER, DataTypes.BooleanType, false);
        return spark.createDataFrame(rows, schema);
    }

    /**
     * The summary.json fields of the scoring.
     *
     * @param meanMahalanobisSq the mean squared distance, null when not finite
     * @param calibration       for a model fitted without regularization on the rows it scores, the
     *                          mean's expected value; null (left out) otherwise
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ScoreFields(
            long rowsScored,
            long outliers,
            double alpha,
            double chiSquareThreshold,
            int degreesOfFreedom,
            @JsonUnwrapped CovarianceFit.ModelFields model,
            Double meanMahalanobisSq,
            @JsonInclude(JsonInclude.Include.NON_NULL) Calibration calibration) {

        static ScoreFields of(
                MahalanobisModel model, ScoreSummary scores, double alpha, double threshold, boolean trainingData) {
            Calibration calibration = null;
            if (trainingData && model.regularization().method() == Regularization.Method.NONE) {
                double expected = model.dimension() * (model.count() - 1.0) / model.count();
                calibration = new Calibration(expected, Math.abs(scores.mean - expected) / expected);
            }
            return new ScoreFields(
                    scores.rows,
                    scores.outliers,
                    alpha,
                    threshold,
                    model.dimension(),
                    CovarianceFit.ModelFields.of(model),
                    Json.vector(new double[] {scores.mean}).get(0),
                    calibration);
        }
    }

    /** The expected mean squared distance on the training rows, and how far the actual one is from it. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Calibration(double expectedMean, double relativeDifference) {}
}

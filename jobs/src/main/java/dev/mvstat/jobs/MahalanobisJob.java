package dev.mvstat.jobs;

import dev.mvstat.jobs.cli.Job;
import dev.mvstat.jobs.cli.Options;
import dev.mvstat.jobs.input.InputData;
import dev.mvstat.jobs.input.InputSource;
import dev.mvstat.jobs.input.InputSummary;
import dev.mvstat.jobs.output.Json;
import dev.mvstat.jobs.output.OutputDirectory;
import dev.mvstat.jobs.output.RunRecord;
import dev.mvstat.jobs.report.MahalanobisReport;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * {@code mahalanobis}: scores every row by its squared Mahalanobis distance to the covariance
 * model (estimated from the input, or read with {@code --model}), with its chi-square p-value and
 * an outlier flag; writes scores/, summary.json and report.html.
 */
public final class MahalanobisJob implements Job {

    /** Column holding a row's 0-based input position when there is no {@code --id-column}. */
    public static final String ROW_INDEX = "row_index";

    @Override
    public String name() {
        return "mahalanobis";
    }

    @Override
    public String description() {
        return "squared Mahalanobis distance, p-value and outlier flag of every row -> scores/";
    }

    @Override
    public Set<String> options() {
        return Job.withCommon("model", "regularization", "alpha", "output-format");
    }

    @Override
    public void run(SparkSession spark, Options options) {
        options.require("alpha");
        double alpha = options.number("alpha", a -> a > 0 && a < 1, "a number in (0, 1)");
        Regularization regularization = CovarianceFit.regularization(options.require("regularization"));
        String outputFormat = options.choice("output-format", "parquet", "csv");
        InputData.Request request = InputData.Request.of(options);
        String idColumn = request.idColumn();
        CovarianceModel given = CovarianceFit.given(spark, options.get("model"), request.columns(), regularization);
        RunRecord run = new RunRecord(name(), options.effective(options()));
        try (OutputDirectory out = OutputDirectory.prepare(
                options.require("output"),
                options.flag("overwrite"),
                request.path(),
                spark.sparkContext().hadoopConfiguration())) {
            InputSource source =
                    run.stage("open", () -> InputSource.open(spark, request, given == null ? null : given.columns()));
            MahalanobisModel model = CovarianceFit.fit(run, source, given, regularization);
            ChiSquared chi = new ChiSquared(model.dimension());
            double threshold = chi.quantile(alpha);
            try (PartitionDistances distances = run.stage("score", () -> PartitionDistances.score(source, model))) {
                ScoreSummary scores = run.stage(
                        "score",
                        () -> ScoreSummary.of(
                                distances.byPartition, threshold, distances.rowsUsed, distances.offsets()));
                InputSummary input = source.summary(distances.rowsRead(), distances.rowsUsed);
                run.stage("write", () -> {
                    Dataset<Row> scored = scoredRows(spark, source, distances, idColumn, alpha);
                    List<String> continuous = new ArrayList<>(source.continuousColumns);
                    continuous.addAll(List.of(DistributedMahalanobis.DISTANCE, DistributedMahalanobis.P_VALUE));
                    out.writeTable(scored, "scores", outputFormat, continuous);
                    if (input.rowsRejected() > 0) {
                        source.writeRejected(spark, out);
                    }
                    List<Long> top = scores.top.stream().map(s -> s.rowIndex).toList();
                    List<String> topIds = idColumn == null
                            ? top.stream().map(String::valueOf).toList()
                            : source.ids(top, distances.offsets());
                    out.writeText(
                            "report.html",
                            MahalanobisReport.render(
                                    input,
                                    model,
                                    scores,
                                    chi,
                                    alpha,
                                    threshold,
                                    idColumn == null ? ROW_INDEX : idColumn,
                                    topIds));
                });
                Map<String, Object> summary = run.summary(spark, input);
                summary.putAll(scoreFields(model, scores, alpha, threshold, given == null));
                out.writeText("summary.json", Json.write(summary));
                out.commit();
            }
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
            schema = schema.add(ROW_INDEX, DataTypes.LongType, false);
        }
        schema = schema.add(DistributedMahalanobis.DISTANCE, DataTypes.DoubleType, false)
                .add(DistributedMahalanobis.P_VALUE, DataTypes.DoubleType, false)
                .add(DistributedMahalanobis.OUTLIER, DataTypes.BooleanType, false);
        return spark.createDataFrame(rows, schema);
    }

    /** The summary.json fields of the scoring. */
    private static Map<String, Object> scoreFields(
            MahalanobisModel model, ScoreSummary scores, double alpha, double threshold, boolean trainingData) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("rows_scored", scores.rows);
        s.put("outliers", scores.outliers);
        s.put("alpha", alpha);
        s.put("chi_square_threshold", threshold);
        s.put("degrees_of_freedom", model.dimension());
        s.putAll(CovarianceFit.summaryFields(model));
        s.put("mean_mahalanobis_sq", Json.vector(new double[] {scores.mean}).get(0));
        if (trainingData && model.regularization().method() == Regularization.Method.NONE) {
            double expected = model.dimension() * (model.count() - 1.0) / model.count();
            Map<String, Object> calibration = new LinkedHashMap<>();
            calibration.put("expected_mean", expected);
            calibration.put("relative_difference", Math.abs(scores.mean - expected) / expected);
            s.put("calibration", calibration);
        }
        return s;
    }
}

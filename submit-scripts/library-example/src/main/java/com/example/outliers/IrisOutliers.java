package com.example.outliers;

import dev.mvstat.ml.MahalanobisOutlierDetector;
import dev.mvstat.ml.MahalanobisOutlierModel;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

import static org.apache.spark.sql.functions.col;

/**
 * A Spark application using mvstat as a library: a Pipeline of VectorAssembler and
 * MahalanobisOutlierDetector fitted to the iris CSV, saved, loaded back with PipelineModel.load
 * and applied, to the file and to a stream of it. It checks what the scores must satisfy and
 * prints one PASS or FAIL line per check; the exit code is 1 when any check fails.
 *
 * <p>Usage: {@code IrisOutliers IRIS_CSV WORK_DIR} (the pipeline is saved to WORK_DIR/pipeline, the
 * stream reads a copy of the file in WORK_DIR/incoming).
 */
public final class IrisOutliers {

    private static final String[] MEASUREMENTS = {"sepal_length", "sepal_width", "petal_length", "petal_width"};
    private static final double ALPHA = 0.975;

    private final List<String> failures = new ArrayList<>();

    private IrisOutliers() {
    }

    /** Runs the example; see the class comment. */
    public static void main(String[] args) throws IOException, TimeoutException {
        if (args.length != 2) {
            System.err.println("usage: IrisOutliers IRIS_CSV WORK_DIR");
            System.exit(2);
        }
        SparkSession spark = SparkSession.builder().appName("mvstat library example").master("local[2]")
                .config("spark.ui.enabled", "false").getOrCreate();
        IrisOutliers example = new IrisOutliers();
        try {
            example.run(spark, args[0], Path.of(args[1]));
        } finally {
            spark.stop();
        }
        System.exit(example.failures.isEmpty() ? 0 : 1);
    }

    private void run(SparkSession spark, String csv, Path work) throws IOException, TimeoutException {
        String path = work.resolve("pipeline").toString();
        Dataset<Row> iris = spark.read().option("header", true).option("inferSchema", true).csv(csv);
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
                new VectorAssembler().setInputCols(MEASUREMENTS).setOutputCol("features"),
                new MahalanobisOutlierDetector().setFeaturesCol("features").setAlpha(ALPHA)});

        PipelineModel fitted = pipeline.fit(iris);
        fitted.write().overwrite().save(path);
        PipelineModel loaded = PipelineModel.load(path);
        Dataset<Row> scored = loaded.transform(iris).cache();

        StructType schema = scored.schema();
        check(hasColumn(schema, "mahalanobis_sq", DataTypes.DoubleType) && hasColumn(schema, "p_value",
                DataTypes.DoubleType) && hasColumn(schema, "is_outlier", DataTypes.BooleanType),
                "the output has mahalanobis_sq, p_value and is_outlier: " + schema.simpleString());
        check(schema.getFieldIndex("species").isDefined(), "the output keeps the input columns");

        long n = iris.count();
        check(scored.count() == n, "every row is scored (" + n + ")");

        List<Double> reloaded = distances(scored);
        check(reloaded.equals(distances(fitted.transform(iris))),
                "the loaded pipeline gives the fitted pipeline's squared distances");

        // On its own training rows, the squared distances to the sample mean under the sample
        // covariance (denominator n - 1) sum to exactly d (n - 1).
        int d = MEASUREMENTS.length;
        double mean = reloaded.stream().mapToDouble(Double::doubleValue).sum() / n;
        double expected = d * (n - 1.0) / n;
        check(Math.abs(mean - expected) <= 1e-9 * expected,
                "mean squared distance " + mean + " is d (n - 1) / n = " + expected);

        MahalanobisOutlierModel model = (MahalanobisOutlierModel) loaded.stages()[1];
        long outliers = scored.filter(col("is_outlier")).count();
        long aboveThreshold = scored.filter(col("mahalanobis_sq").gt(model.threshold())).count();
        long lowPValue = scored.filter(col("p_value").lt(1 - ALPHA)).count();
        check(outliers == aboveThreshold && outliers == lowPValue,
                "is_outlier is p_value < 1 - alpha and mahalanobis_sq > the chi-square threshold "
                        + model.threshold());
        // A chi-square tail of 2.5% expects about 4 of 150 rows; iris, three species, is not one Gaussian.
        check(outliers >= 1 && outliers <= n / 10, outliers + " outliers of " + n + " (between 1 and 10%)");

        Path incoming = Files.createDirectories(work.resolve("incoming"));
        Files.copy(Path.of(csv), incoming.resolve("iris.csv"));
        List<Double> streamed = distances(streamed(spark, loaded, iris.schema(), incoming, work.resolve("checkpoint")));
        check(sorted(streamed).equals(sorted(reloaded)),
                "the loaded pipeline scores a streaming DataFrame of the same file alike (" + streamed.size() + " rows)");

        System.out.println("mean " + model.mean() + ", " + model.count() + " rows");
        scored.filter(col("is_outlier")).orderBy(col("mahalanobis_sq").desc())
                .select("species", "sepal_length", "sepal_width", "petal_length", "petal_width", "mahalanobis_sq",
                        "p_value").show(false);
        scored.unpersist();
    }

    /** The CSV files of a directory read as a stream, scored by the pipeline into a memory table, once over what is there. */
    private static Dataset<Row> streamed(SparkSession spark, PipelineModel pipeline, StructType schema, Path directory,
                                         Path checkpoint) throws TimeoutException {
        Dataset<Row> stream = spark.readStream().schema(schema).option("header", true).csv(directory.toString());
        StreamingQuery query = pipeline.transform(stream).writeStream().format("memory").queryName("scored_stream")
                .option("checkpointLocation", checkpoint.toString()).outputMode("append")
                .trigger(Trigger.AvailableNow()).start();
        try {
            query.awaitTermination();
        } catch (StreamingQueryException e) {
            throw new IllegalStateException("the streaming query failed", e);
        }
        return spark.table("scored_stream");
    }

    private static List<Double> sorted(List<Double> values) {
        return values.stream().sorted().toList();
    }

    private static boolean hasColumn(StructType schema, String name, DataType type) {
        return schema.getFieldIndex(name).isDefined() && schema.apply(name).dataType().equals(type);
    }

    private static List<Double> distances(Dataset<Row> scored) {
        return scored.select("mahalanobis_sq").as(Encoders.DOUBLE()).collectAsList();
    }

    private void check(boolean ok, String what) {
        System.out.println((ok ? "PASS: " : "FAIL: ") + what);
        if (!ok) {
            failures.add(what);
        }
    }
}

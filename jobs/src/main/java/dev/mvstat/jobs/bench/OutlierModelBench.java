package dev.mvstat.jobs.bench;

import dev.mvstat.ml.MahalanobisOutlierDetector;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.stat.Summarizer;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.linalg.distributed.RowMatrix;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.nio.file.Path;
import java.util.Locale;

import static dev.mvstat.spark.DistributedMahalanobis.DISTANCE;
import static dev.mvstat.spark.DistributedMahalanobis.OUTLIER;
import static dev.mvstat.spark.DistributedMahalanobis.P_VALUE;
import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

/**
 * {@code bench mahalanobis --scenario ml}: the Spark ML stage against what a Spark ML user writes by
 * hand, on the same cached DataFrame of an {@code id} and a {@code features} vector column. Both
 * sides fit, score every row and write the id and the three scores to Parquet:
 * {@link MahalanobisOutlierDetector} fit and {@code MahalanobisOutlierModel.transform}, against
 * {@code Summarizer.mean} and MLlib's {@code RowMatrix.computeCovariance}, an explicit inverse on
 * the driver (commons-math3 LU) broadcast to a per-row {@code diff^T inverse diff} UDF, and
 * commons-math3's chi-square distribution for the p-value, each added with {@code withColumn}.
 * After the timings it compares the two outputs row by row.
 */
public final class OutlierModelBench {

    /** The rows' identifier column. */
    static final String ID = "id";
    /** The vector column both sides read. */
    static final String FEATURES = "features";
    /** This project's output directory, under the work directory. */
    public static final String OURS = "bench-ml-mvstat";
    /** The hand-written side's output directory, under the work directory. */
    public static final String BASELINE = "bench-ml-baseline";
    /** The outlier level of both sides (the stage's default). */
    private static final double ALPHA = 0.975;

    private OutlierModelBench() {}

    static void run(BenchJob.Setup s) {
        Dataset<Row> data = vectorRows(s).cache();
        data.count();
        String ours = Path.of(s.workDir(), OURS).toString();
        String baseline = Path.of(s.workDir(), BASELINE).toString();
        BenchJob.Timing t;
        try {
            t = BenchJob.alternating(
                    s, () -> write(stage(data), ours), () -> write(handWritten(data, s.cols()), baseline));
        } finally {
            data.unpersist(true);
        }
        BenchJob.report(
                "ml " + s.rows() + " x " + s.cols() + " cached vector rows: fit + transform + write Parquet ("
                        + "id and the three scores), each side timed from fit to the written files",
                s.rows(),
                s.cols(),
                t,
                "Summarizer.mean + RowMatrix.computeCovariance + LU inverse, broadcast + UDFs via withColumn");
        compare(s, ours, baseline);
    }

    /** The generated rows as a DataFrame of a long {@code id} and a dense {@code features} vector. */
    private static Dataset<Row> vectorRows(BenchJob.Setup s) {
        JavaRDD<Row> rows = BenchJob.generate(s, s.rows(), s.cols())
                .zipWithIndex()
                .map(r -> RowFactory.create(r._2(), org.apache.spark.ml.linalg.Vectors.dense(r._1())));
        StructType schema =
                new StructType().add(ID, DataTypes.LongType, false).add(FEATURES, SQLDataTypes.VectorType(), false);
        return s.spark().createDataFrame(rows, schema);
    }

    /** This project's stage: fit, then the model's transform. */
    private static Dataset<Row> stage(Dataset<Row> data) {
        return new MahalanobisOutlierDetector()
                .setFeaturesCol(FEATURES)
                .setAlpha(ALPHA)
                .fit(data)
                .transform(data);
    }

    /** The hand-written scores: MLlib mean and covariance, an explicit inverse, UDFs per row. */
    private static Dataset<Row> handWritten(Dataset<Row> data, int d) {
        double[] mean = data.select(Summarizer.mean(col(FEATURES)))
                .first()
                .<Vector>getAs(0)
                .toArray();
        JavaRDD<org.apache.spark.mllib.linalg.Vector> vectors =
                data.select(FEATURES).javaRDD().map(r -> Vectors.fromML(r.getAs(0)));
        double[] covariance = new RowMatrix(vectors.rdd()).computeCovariance().toArray();
        Broadcast<double[][]> inverse = JavaSparkContext.fromSparkContext(
                        data.sparkSession().sparkContext())
                .broadcast(MahalanobisBench.inverse(covariance, d));
        ChiSquaredDistribution chiSquared = new ChiSquaredDistribution(d);
        UserDefinedFunction distance = udf(
                (UDF1<Vector, Double>) x -> MahalanobisBench.quadraticForm(x.toArray(), mean, inverse.value()),
                DataTypes.DoubleType);
        UserDefinedFunction pValue =
                udf((UDF1<Double, Double>) d2 -> 1 - chiSquared.cumulativeProbability(d2), DataTypes.DoubleType);
        return data.withColumn(DISTANCE, distance.apply(col(FEATURES)))
                .withColumn(P_VALUE, pValue.apply(col(DISTANCE)))
                .withColumn(OUTLIER, col(P_VALUE).lt(1 - ALPHA));
    }

    private static String write(Dataset<Row> scored, String path) {
        scored.select(ID, DISTANCE, P_VALUE, OUTLIER)
                .write()
                .mode(SaveMode.Overwrite)
                .parquet(path);
        return path;
    }

    /** Prints how closely the two written outputs agree, joined on the id. */
    private static void compare(BenchJob.Setup s, String ours, String baseline) {
        Dataset<Row> a = s.spark().read().parquet(ours);
        Dataset<Row> b = s.spark()
                .read()
                .parquet(baseline)
                .select(
                        col(ID),
                        col(DISTANCE).as("b_d2"),
                        col(P_VALUE).as("b_p"),
                        col(OUTLIER).as("b_out"));
        Row agreement = a.join(b, ID)
                .agg(
                        count(ID),
                        max(abs(col(DISTANCE).minus(col("b_d2"))).divide(abs(col("b_d2")))),
                        max(abs(col(P_VALUE).minus(col("b_p")))),
                        sum(when(col(OUTLIER).equalTo(col("b_out")), 0).otherwise(1)))
                .first();
        long joined = agreement.getLong(0);
        if (joined != s.rows() || a.count() != s.rows()) {
            throw new IllegalStateException(
                    "the outputs do not hold the same " + s.rows() + " ids: " + joined + " rows joined");
        }
        System.out.printf(
                Locale.ROOT,
                "  outputs, %d rows each: squared distances agree to a relative %.1e, p-values to "
                        + "%.1e, outlier flags differ on %d rows%n",
                joined,
                agreement.getDouble(1),
                agreement.getDouble(2),
                agreement.getLong(3));
    }
}

package dev.mvstat.jobs.bench;

import dev.mvstat.mahalanobis.MahalanobisModel;
import dev.mvstat.mahalanobis.Regularization;
import dev.mvstat.spark.DistributedCovariance;
import dev.mvstat.spark.DistributedMahalanobis;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.spark.api.java.JavaDoubleRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.linalg.distributed.RowMatrix;
import org.apache.spark.mllib.stat.MultivariateStatisticalSummary;
import org.apache.spark.mllib.stat.Statistics;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench mahalanobis}: this project's scoring against the hand-written approach a Spark user
 * takes (the covariance from MLlib, an explicit inverse on the driver, and a per-row function
 * computing {@code diff^T inverse diff}), on the same generated data in the same run. The Spark ML
 * stage's scenario is {@link OutlierModelBench}.
 */
public final class MahalanobisBench {

    private MahalanobisBench() {}

    static void run(BenchJob.Setup s, boolean cached, boolean parquet) {
        if (cached) {
            cached(s);
        }
        if (parquet) {
            parquet(s);
        }
    }

    /** Scoring alone, both sides given the same covariance; plus this project's covariance pass for scale. */
    private static void cached(BenchJob.Setup s) {
        List<String> names = BenchJob.columnNames(s.cols());
        JavaRDD<double[]> rows = BenchJob.generate(s, s.rows(), s.cols()).cache();
        rows.count();
        MahalanobisModel model = DistributedMahalanobis.fit(rows, names, Regularization.none());
        double covariancePass = BenchJob.median(s, () -> DistributedCovariance.coMoments(rows));
        BenchJob.Timing t = BenchJob.alternating(
                s,
                () -> DistributedMahalanobis.squaredDistances(rows, model).sum(),
                () -> handWritten(rows, model.mean(), model.covariance(), s.cols())
                        .sum());
        rows.unpersist(true);
        BenchJob.report(
                "cached " + s.rows() + " x " + s.cols() + ", scoring (squared distances)",
                s.rows(),
                s.cols(),
                t,
                "explicit inverse + per-row diff^T inverse diff");
        System.out.printf(
                Locale.ROOT,
                "  covariance pass on the same rows %7.3f s: scoring / covariance = %.2f%n",
                covariancePass,
                t.ours() / covariancePass);
    }

    /** The hand-written per-row quadratic form with an inverse formed on the driver. */
    private static JavaDoubleRDD handWritten(JavaRDD<double[]> rows, double[] mean, double[] covariance, int d) {
        double[][] inverse = inverse(covariance, d);
        Broadcast<double[][]> shared =
                JavaSparkContext.fromSparkContext(rows.context()).broadcast(inverse);
        return rows.mapToDouble(x -> quadraticForm(x, mean, shared.value()));
    }

    /** @return the explicit inverse of a row-major d x d covariance, by commons-math3's LU decomposition */
    static double[][] inverse(double[] covariance, int d) {
        double[][] square = new double[d][d];
        for (int i = 0; i < d; i++) {
            System.arraycopy(covariance, i * d, square[i], 0, d);
        }
        return new LUDecomposition(new Array2DRowRealMatrix(square))
                .getSolver()
                .getInverse()
                .getData();
    }

    /** @return {@code diff^T inverse diff} with {@code diff = x - mean}, the hand-written squared distance */
    static double quadraticForm(double[] x, double[] mean, double[][] inverse) {
        int d = x.length;
        double[] diff = new double[d];
        for (int j = 0; j < d; j++) {
            diff[j] = x[j] - mean[j];
        }
        double total = 0;
        for (int i = 0; i < d; i++) {
            double row = 0;
            for (int j = 0; j < d; j++) {
                row += inverse[i][j] * diff[j];
            }
            total += diff[i] * row;
        }
        return total;
    }

    /** Parquet to Parquet: read, covariance, score every row, write the rows with their scores. */
    private static void parquet(BenchJob.Setup s) {
        List<String> names = BenchJob.columnNames(s.cols());
        String data = GeneratedFile.PARQUET.write(s, names);
        String out = Path.of(s.workDir(), "bench-mahalanobis-out").toString();
        BenchJob.Timing t = BenchJob.alternating(
                s, () -> BenchJob.runJob(s, "mahalanobis", "--input", data, "--output", out, "--overwrite"), () -> {
                    Dataset<Row> df = s.spark().read().parquet(data);
                    JavaRDD<Vector> vectors = new VectorAssembler()
                            .setInputCols(names.toArray(new String[0]))
                            .setOutputCol("features")
                            .transform(df)
                            .select("features")
                            .javaRDD()
                            .map(r -> Vectors.fromML((org.apache.spark.ml.linalg.Vector) r.get(0)))
                            .cache();
                    try {
                        MultivariateStatisticalSummary summary = Statistics.colStats(vectors.rdd());
                        double[] mean = summary.mean().toArray();
                        double[] covariance = new RowMatrix(vectors.rdd())
                                .computeCovariance()
                                .transpose()
                                .toArray();
                        double[][] inverse = inverse(covariance, s.cols());
                        int d = s.cols();
                        JavaRDD<Row> scored = df.javaRDD().map(r -> {
                            double[] x = new double[d];
                            for (int j = 0; j < d; j++) {
                                x[j] = r.getDouble(j);
                            }
                            double d2 = quadraticForm(x, mean, inverse);
                            double p = 1 - new ChiSquaredDistribution(d).cumulativeProbability(d2);
                            Object[] cells = new Object[d + 3];
                            for (int j = 0; j < d; j++) {
                                cells[j] = x[j];
                            }
                            cells[d] = d2;
                            cells[d + 1] = p;
                            cells[d + 2] = p < 0.025;
                            return RowFactory.create(cells);
                        });
                        s.spark()
                                .createDataFrame(
                                        scored,
                                        df.schema()
                                                .add("mahalanobis_sq", DataTypes.DoubleType)
                                                .add("p_value", DataTypes.DoubleType)
                                                .add("is_outlier", DataTypes.BooleanType))
                                .write()
                                .mode("overwrite")
                                .parquet(Path.of(s.workDir(), "baseline-scores").toString());
                        return mean;
                    } finally {
                        vectors.unpersist(true);
                    }
                });
        BenchJob.report(
                "parquet " + s.rows() + " x " + s.cols() + ", end to end (read, covariance, score, write rows)",
                s.rows(),
                s.cols(),
                t,
                "VectorAssembler + MLlib covariance + inverse + per-row function");
    }
}

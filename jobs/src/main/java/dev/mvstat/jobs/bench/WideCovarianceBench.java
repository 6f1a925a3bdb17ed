package dev.mvstat.jobs.bench;

import dev.mvstat.ml.stat.Covariance;
import dev.mvstat.moments.CovarianceModel;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.stat.Correlation;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.linalg.distributed.RowMatrix;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;
import java.util.function.Supplier;

import static org.apache.spark.ml.functions.array_to_vector;
import static org.apache.spark.sql.functions.col;

/**
 * {@code bench covariance --scenario wide}: covariance and Pearson correlation of a cached
 * {@code array<double>} column of {@code --cols} entries (embedding-like data), by
 * {@link Covariance#model} (both matrices from one pass) against what a user writes with MLlib: the column turned into vectors
 * ({@code array_to_vector}), {@code RowMatrix.computeCovariance} and {@code Correlation.corr}.
 * Prints both times, their ratio and the peak heap of each side's runs (in local mode the driver's
 * and the tasks' together).
 */
final class WideCovarianceBench {

    private WideCovarianceBench() {}

    static void run(BenchJob.Setup s) {
        JavaRDD<Row> rows = BenchJob.generate(s, s.rows(), s.cols()).map(r -> RowFactory.create((Object) r));
        StructType schema =
                new StructType().add("features", DataTypes.createArrayType(DataTypes.DoubleType, false), false);
        Dataset<Row> data = s.spark().createDataFrame(rows, schema).cache();
        data.count();
        try {
            long[] peaks = new long[2];
            BenchJob.Timing t = BenchJob.alternating(
                    s,
                    () -> peak(peaks, 0, () -> {
                        CovarianceModel model = Covariance.model(data, "features", false);
                        return model.covariance().length + model.correlation().length;
                    }),
                    () -> peak(peaks, 1, () -> {
                        Dataset<Row> vectors =
                                data.select(array_to_vector(col("features")).as("v"));
                        JavaRDD<Vector> mllib = vectors.javaRDD().map(r -> Vectors.fromML(r.getAs(0)));
                        var covariance = new RowMatrix(mllib.rdd()).computeCovariance();
                        return Correlation.corr(vectors, "v").count() + covariance.numRows();
                    }));
            BenchJob.report(
                    "wide " + s.rows() + " x " + s.cols() + " cached array<double> column, covariance + Pearson",
                    s.rows(),
                    s.cols(),
                    t,
                    "array_to_vector + RowMatrix.computeCovariance + Correlation.corr");
            System.out.printf(
                    Locale.ROOT, "  peak heap: mvstat %.2f GB, baseline %.2f GB%n", peaks[0] / 1e9, peaks[1] / 1e9);
        } finally {
            data.unpersist(true);
        }
    }

    /** Runs {@code work}, recording in {@code peaks[side]} the largest heap it reached. */
    private static <T> T peak(long[] peaks, int side, Supplier<T> work) {
        var pools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .toList();
        pools.forEach(MemoryPoolMXBean::resetPeakUsage);
        T result = work.get();
        long used = pools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        peaks[side] = Math.max(peaks[side], used);
        return result;
    }
}

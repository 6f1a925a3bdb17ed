package dev.mvstat.jobs.bench;

import dev.mvstat.ml.stat.MvstatFunctions;
import dev.mvstat.moments.Correlation;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.linalg.distributed.RowMatrix;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.collection.Seq;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

import static org.apache.spark.sql.functions.col;

/**
 * {@code bench covariance --scenario grouped}: covariance and Pearson correlation per group of a
 * key with {@value #GROUPS} values, over the same cached DataFrame of vectors. This project: one
 * query, {@code groupBy(key).agg(mvstat_covariance(features))}. The baseline a Spark user writes
 * today: for each key (known in advance), filter the rows and run MLlib
 * {@code RowMatrix.computeCovariance} on their vectors, the correlation derived from that
 * covariance on the driver. Prints both times, their ratio, and the largest difference between the
 * two sides' results.
 */
public final class GroupedCovarianceBench {

    /** Number of distinct keys. */
    static final int GROUPS = 10;

    private GroupedCovarianceBench() {}

    /** One group's result, row-major d x d. */
    private record Stats(double[] covariance, double[] correlation) {}

    static void run(BenchJob.Setup s) {
        MvstatFunctions.register(s.spark());
        Dataset<Row> data = keyedVectors(s).cache();
        data.count();
        try {
            AtomicReference<SortedMap<Integer, Stats>> ours = new AtomicReference<>();
            AtomicReference<SortedMap<Integer, Stats>> baseline = new AtomicReference<>();
            BenchJob.Timing t = BenchJob.alternating(
                    s,
                    () -> {
                        ours.set(aggregate(data));
                        return ours.get();
                    },
                    () -> {
                        baseline.set(filterEachGroup(data, s.cols()));
                        return baseline.get();
                    });
            BenchJob.report(
                    "cached " + s.rows() + " x " + s.cols() + ", covariance + Pearson of each of " + GROUPS + " groups",
                    s.rows(),
                    s.cols(),
                    t,
                    "per group: filter + MLlib RowMatrix.computeCovariance, correlation from it");
            printAgreement(ours.get(), baseline.get(), s.cols());
        } finally {
            data.unpersist(true);
        }
    }

    /**
     * The generated rows as columns {@code key} (row i of a partition has key i mod {@value #GROUPS})
     * and {@code features} (an ML vector, scaled by 1 + key / 10 so that the groups differ).
     */
    private static Dataset<Row> keyedVectors(BenchJob.Setup s) {
        JavaRDD<Row> rows = BenchJob.generate(s, s.rows(), s.cols()).mapPartitions(it -> new Iterator<Row>() {
            private int i;

            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Row next() {
                int key = i++ % GROUPS;
                double[] values = it.next();
                for (int j = 0; j < values.length; j++) {
                    values[j] *= 1 + key / 10.0;
                }
                return RowFactory.create(key, org.apache.spark.ml.linalg.Vectors.dense(values));
            }
        });
        StructType schema = new StructType()
                .add("key", DataTypes.IntegerType, false)
                .add("features", SQLDataTypes.VectorType(), false);
        return s.spark().createDataFrame(rows, schema);
    }

    /** This project: one aggregation query over all groups. */
    private static SortedMap<Integer, Stats> aggregate(Dataset<Row> data) {
        SortedMap<Integer, Stats> byKey = new TreeMap<>();
        for (Row r : data.groupBy("key")
                .agg(MvstatFunctions.covariance(col("features")))
                .collectAsList()) {
            Row result = r.getStruct(1);
            byKey.put(r.getInt(0), new Stats(flat(result.getList(2)), flat(result.getList(3))));
        }
        return byKey;
    }

    /** The baseline: for each key, its rows filtered out and their MLlib covariance. */
    private static SortedMap<Integer, Stats> filterEachGroup(Dataset<Row> data, int d) {
        SortedMap<Integer, Stats> byKey = new TreeMap<>();
        for (int key = 0; key < GROUPS; key++) {
            JavaRDD<Vector> vectors = data.filter(col("key").equalTo(key))
                    .select("features")
                    .javaRDD()
                    .map(r -> Vectors.fromML((org.apache.spark.ml.linalg.Vector) r.get(0)));
            double[] covariance =
                    new RowMatrix(vectors.rdd()).computeCovariance().toArray();
            byKey.put(key, new Stats(covariance, Correlation.fromCovariance(covariance, d)));
        }
        return byKey;
    }

    /** @return a result's rows of doubles (a null entry as NaN) flattened row-major */
    private static double[] flat(List<Object> rows) {
        List<Double> values = new ArrayList<>();
        for (Object row : rows) {
            scala.collection.Iterator<?> it = ((Seq<?>) row).iterator();
            while (it.hasNext()) {
                Object v = it.next();
                values.add(v == null ? Double.NaN : (Double) v);
            }
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * Prints the largest difference of the two sides' covariance entries, relative to
     * {@code sqrt(c_ii c_jj)}, and of their correlations, over every group.
     */
    private static void printAgreement(SortedMap<Integer, Stats> ours, SortedMap<Integer, Stats> baseline, int d) {
        if (!ours.keySet().equals(baseline.keySet())) {
            throw new IllegalStateException(
                    "the two sides found different groups: " + ours.keySet() + " and " + baseline.keySet());
        }
        double covariance = 0;
        double correlation = 0;
        for (int key : ours.keySet()) {
            Stats a = ours.get(key);
            Stats b = baseline.get(key);
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    double scale = Math.sqrt(b.covariance[i * d + i] * b.covariance[j * d + j]);
                    covariance =
                            Math.max(covariance, Math.abs(a.covariance[i * d + j] - b.covariance[i * d + j]) / scale);
                    correlation = Math.max(correlation, Math.abs(a.correlation[i * d + j] - b.correlation[i * d + j]));
                }
            }
        }
        System.out.printf(
                Locale.ROOT,
                "  largest difference between the sides over the %d groups: covariance %.1e "
                        + "(relative to sqrt(c_ii c_jj)), correlation %.1e%n",
                ours.size(),
                covariance,
                correlation);
    }
}

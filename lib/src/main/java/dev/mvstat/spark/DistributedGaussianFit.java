package dev.mvstat.spark;

import dev.mvstat.gaussian.FitSettings;
import dev.mvstat.gaussian.GaussianFit;
import dev.mvstat.gaussian.GaussianFitter;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Tuple2;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maximum-likelihood Gaussians fitted by mini-batch optimization on Spark ({@link GaussianFitter}):
 * the rows are shuffled into blocks and cached once ({@link CachedBatches}); each step broadcasts
 * the parameters, executors return the batch's NLL and exact gradient as partial sums, and the
 * driver's optimizer updates the parameters.
 */
public final class DistributedGaussianFit {

    private DistributedGaussianFit() {}

    /**
     * Fits one Gaussian to rows.
     *
     * @param rows     rows of equal length, finite values
     * @param settings the optimizer and schedule
     * @return the fit, with one group
     * @throws IllegalArgumentException if there are at most d rows or the settings do not fit the data
     */
    public static GaussianFit fit(JavaRDD<double[]> rows, FitSettings settings) {
        return fitIndexed(rows.mapToPair(r -> new Tuple2<>(0, r)), null, settings);
    }

    /**
     * Fits one Gaussian per key, all in the same passes.
     *
     * @param rows     rows keyed by group; rows of equal length, finite values
     * @param settings the optimizer and schedule
     * @return the fit, its groups in the order of the sorted keys
     * @throws IllegalArgumentException if a group has at most d rows or the settings do not fit the data
     */
    public static KeyedFit fitByKey(JavaPairRDD<String, double[]> rows, FitSettings settings) {
        return fitByKey(rows, rows.keys().distinct().collect().stream().sorted().toList(), settings);
    }

    /**
     * As {@link #fitByKey(JavaPairRDD, FitSettings)} when the keys are already known (saves a pass).
     *
     * @param keys every key of the rows, each once, in the order wanted for the groups
     */
    public static KeyedFit fitByKey(JavaPairRDD<String, double[]> rows, List<String> keys, FitSettings settings) {
        Map<String, Integer> index = new HashMap<>();
        keys.forEach(k -> index.put(k, index.size()));
        JavaPairRDD<Integer, double[]> indexed = rows.mapToPair(r -> new Tuple2<>(index.get(r._1()), r._2()));
        return new KeyedFit(keys, fitIndexed(indexed, keys, settings));
    }

    /**
     * Fits Gaussians to numeric columns of a Dataset, one per value of {@code groupColumn} when given.
     *
     * @param data        the data
     * @param columns     numeric columns, in order
     * @param groupColumn a column whose values (as text; null as "null") name the groups, or null
     * @param settings    the optimizer and schedule
     * @throws IllegalArgumentException if a column does not exist; bad values fail as {@link DatasetRows} says
     */
    public static KeyedFit fit(Dataset<Row> data, List<String> columns, String groupColumn, FitSettings settings) {
        if (groupColumn == null) {
            return new KeyedFit(List.of(), fit(DatasetRows.of(data, columns), settings));
        }
        return fitByKey(DatasetRows.keyed(data, columns, groupColumn), settings);
    }

    private static GaussianFit fitIndexed(
            JavaPairRDD<Integer, double[]> rows, List<String> keys, FitSettings settings) {
        try (CachedBatches batches = CachedBatches.of(rows, keys == null ? 1 : keys.size(), settings.seed())) {
            return GaussianFitter.fit(batches, settings, keys);
        }
    }

    /**
     * A fit with named groups.
     *
     * @param keys the group names in the order of {@code fit.groups()}; empty when ungrouped
     * @param fit  the fit
     */
    public record KeyedFit(List<String> keys, GaussianFit fit) {}
}

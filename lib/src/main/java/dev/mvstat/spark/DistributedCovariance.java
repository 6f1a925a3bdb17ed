package dev.mvstat.spark;

import dev.mvstat.moments.CoMoments;
import dev.mvstat.moments.CovarianceModel;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Covariance and correlation of an RDD of rows in one distributed pass.
 *
 * <p>Every partition accumulates its rows in a {@link CoMoments} and the partition results are
 * merged in partition order by a tree of fixed fan-in ({@link OrderedTreeMerge}), so the same input
 * and partitioning always give bit-identical results whichever task finishes first or is retried;
 * other partitionings agree to rounding.
 *
 * <p>Memory for d columns, with {@code P = d (d + 1) / 2}: a task accumulating rows holds its
 * co-moments ({@code 8 P} bytes) and a block of {@link CoMoments#BLOCK_ROWS} rows (about
 * {@code 8 * 264 d} bytes); a merging task up to {@link OrderedTreeMerge#FAN_IN} accumulators in
 * Spark's shuffle sort buffer; the driver receives one accumulator, a task result of a little over
 * {@code 8 P} bytes, which {@code spark.driver.maxResultSize} must allow (the default 1g allows up
 * to 16,381 columns).
 */
public final class DistributedCovariance {

    private DistributedCovariance() {}

    /**
     * Co-moments of all rows: each partition accumulates its own rows (pivoting on its first row),
     * and the partition results are merged in partition order.
     *
     * @param rows rows of equal length, finite values; at least one row
     * @return the merged accumulator
     */
    public static CoMoments coMoments(JavaRDD<double[]> rows) {
        return merged(rows).orElseThrow(() -> new IllegalArgumentException("no rows"));
    }

    /**
     * {@link #coMoments(JavaRDD)} of rows that may be none, in the same single pass.
     *
     * @param rows      rows of {@code dimension} finite values
     * @param dimension the rows' length
     * @return the merged accumulator, empty when there are no rows
     */
    public static CoMoments coMoments(JavaRDD<double[]> rows, int dimension) {
        return merged(rows).orElseGet(() -> new CoMoments(dimension));
    }

    /**
     * Co-moments of a Dataset's input values in one pass, as {@link #coMoments(JavaRDD)} but read
     * straight from Spark's internal rows into one reused array per task, with no array per row.
     * Without a declared number of values (ML attributes or scalar columns), each task takes its
     * first valid row's.
     *
     * @param data    the data
     * @param input   where its values are and what to do with invalid ones
     * @param skipped counts the rows left out as invalid (may be null); a retried task can count
     *                its rows twice
     * @return the merged accumulator
     * @throws IllegalArgumentException if no row is valid; the pass fails on an invalid row unless
     *                                  skipping, and on a features value of another length than
     *                                  the rows before it, naming the column and both lengths
     */
    public static CoMoments coMoments(Dataset<?> data, InputColumns input, LongAccumulator skipped) {
        InputColumns.InternalRows selected = input.internalRows(data, input.declaredDimension(data.schema()));
        RowValues reader = selected.reader();
        JavaRDD<CoMoments> parts = selected.rows().mapPartitions(it -> {
            CoMoments moments = null;
            double[] values = null;
            while (it.hasNext()) {
                double[] read = reader.read(it.next(), values);
                if (read == null) {
                    if (skipped != null) {
                        skipped.add(1);
                    }
                } else {
                    if (moments == null) {
                        moments = new CoMoments(read.length);
                    } else if (read.length != moments.dimension()) {
                        throw reader.lengthMismatch(read.length, moments.dimension());
                    }
                    moments.add(read);
                    values = read;
                }
            }
            if (moments == null) {
                return Collections.<CoMoments>emptyIterator();
            }
            moments.flush();
            return Collections.singletonList(moments).iterator();
        });
        return OrderedTreeMerge.merge(parts, (earlier, later) -> {
                    if (later.dimension() != earlier.dimension()) {
                        throw reader.lengthMismatch(later.dimension(), earlier.dimension());
                    }
                    return earlier.merge(later);
                })
                .orElseThrow(input::noValidRow);
    }

    /** @return each partition's co-moments merged in partition order, empty when there are no rows */
    private static Optional<CoMoments> merged(JavaRDD<double[]> rows) {
        JavaRDD<CoMoments> parts = rows.mapPartitions(it -> {
            if (!it.hasNext()) {
                return Collections.<CoMoments>emptyIterator();
            }
            double[] first = it.next();
            CoMoments m = new CoMoments(first.length).add(first).addAll(it);
            return Collections.singletonList(m).iterator();
        });
        return OrderedTreeMerge.merge(parts, CoMoments::merge);
    }

    /**
     * Co-moments per key in one pass: each partition accumulates one {@link CoMoments} per key it
     * holds, and the partition results are merged in partition order, each key's accumulators
     * with the others of its key.
     *
     * @param rows keyed rows of equal length, finite values
     * @return the merged accumulators, by key
     */
    public static SortedMap<String, CoMoments> coMomentsByKey(JavaPairRDD<String, double[]> rows) {
        JavaRDD<Map<String, CoMoments>> parts = rows.mapPartitions(it -> {
            Map<String, CoMoments> byKey = new HashMap<>();
            it.forEachRemaining(row -> byKey.computeIfAbsent(row._1(), k -> new CoMoments(row._2().length))
                    .add(row._2()));
            byKey.values().forEach(CoMoments::flush);
            return Collections.singletonList(byKey).iterator();
        });
        return new TreeMap<>(
                OrderedTreeMerge.merge(parts, DistributedCovariance::mergeByKey).orElse(Map.of()));
    }

    /** Merges each accumulator of {@code later} into {@code earlier}'s of its key, or adds it; returns earlier. */
    private static Map<String, CoMoments> mergeByKey(Map<String, CoMoments> earlier, Map<String, CoMoments> later) {
        later.forEach((key, m) -> earlier.merge(key, m, CoMoments::merge));
        return earlier;
    }

    /**
     * The covariance model of the rows: one pass for the co-moments, plus the Spearman passes when asked.
     *
     * @param rows     rows of {@code columns.size()} finite values, at least two; cache them when
     *                 asking for Spearman, which reads them again
     * @param columns  column names
     * @param spearman whether to compute the Spearman rank correlation
     * @return the model
     */
    public static CovarianceModel model(JavaRDD<double[]> rows, List<String> columns, boolean spearman) {
        CoMoments moments = coMoments(rows);
        double[] rankCorrelation = spearman ? DistributedSpearman.correlation(rows) : null;
        return CovarianceModel.of(columns, moments, rankCorrelation);
    }

    /**
     * The covariance model of named numeric columns of a Dataset.
     *
     * @param data     the data
     * @param columns  numeric columns to use, in order
     * @param spearman whether to compute the Spearman rank correlation
     * @return the model
     * @throws IllegalArgumentException if a column does not exist; bad values fail as {@link DatasetRows} says
     */
    public static CovarianceModel model(Dataset<Row> data, List<String> columns, boolean spearman) {
        JavaRDD<double[]> rows = DatasetRows.of(data, columns);
        if (spearman) {
            rows = rows.cache();
        }
        try {
            return model(rows, columns, spearman);
        } finally {
            rows.unpersist(false);
        }
    }
}

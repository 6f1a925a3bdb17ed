package dev.mvstat.spark;

import dev.mvstat.moments.AverageRanks;
import dev.mvstat.moments.Correlation;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Spearman rank correlation: the Pearson correlation of the columns' average ranks (ties share
 * the mean of their ranks, as {@code scipy.stats.spearmanr}).
 *
 * <p>Ranks come from a distributed range-partitioned sort, with primitive blocks instead of one
 * record per value:
 * <ol>
 *   <li>one pass draws a seeded sample of every partition and counts its rows; the sample fixes,
 *       per column, value boundaries that cut it into as many ranges as there are partitions;</li>
 *   <li>one pass counts the values of each (column, range) bucket, which gives every bucket the
 *       number of values below it;</li>
 *   <li>a shuffle sends each partition's values of a bucket, as one block, to the bucket's
 *       reducer, which sorts the bucket and ranks each value by binary search (equal values always
 *       fall in the same bucket, so ties are whole);</li>
 *   <li>a second shuffle returns the ranks to the partitions the rows came from, which rebuild
 *       their rows of ranks and accumulate their co-moments, merged in partition order.</li>
 * </ol>
 * Every task holds O(n d / partitions) values; the result is deterministic.
 */
public final class DistributedSpearman {

    /** Rows sampled per partition; there are as many ranges per column as partitions. */
    private static final int SAMPLE_PER_PARTITION = 64;

    private DistributedSpearman() {}

    /**
     * @param rows rows of equal length with finite values, at least two; read three times, so cache them
     * @return the Spearman correlation, row-major d x d, NaN for constant columns
     */
    public static double[] correlation(JavaRDD<double[]> rows) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(rows.context());
        int partitions = rows.getNumPartitions();
        List<PartitionSample> samples = rows.mapPartitionsWithIndex(
                        (p, it) -> Collections.singletonList(PartitionSample.draw(p, it, SAMPLE_PER_PARTITION))
                                .iterator(),
                        false)
                .collect();
        long[] partitionRows = samples.stream().mapToLong(s -> s.count).toArray();
        int d = samples.stream()
                .filter(s -> s.count > 0)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no rows"))
                .rows
                .get(0)
                .length;
        Buckets buckets = Buckets.fromSamples(samples, d, partitions);
        Broadcast<Buckets> bucketsB = sc.broadcast(buckets);
        try {
            long[] sizes = rows.mapPartitions(
                            it -> Collections.singletonList(bucketsB.value().count(it))
                                    .iterator())
                    .reduce(Buckets::add);
            long[] below = new long[sizes.length];
            for (int b = 0; b < sizes.length; b++) {
                boolean firstOfColumn = b % buckets.ranges == 0;
                below[b] = firstOfColumn ? 0 : below[b - 1] + sizes[b - 1];
            }
            Broadcast<long[]> belowB = sc.broadcast(below);
            try {
                Partitioner byKey = new IndexPartitioner(partitions);
                JavaPairRDD<Integer, ValueBlock> byBucket = rows.mapPartitionsWithIndex(
                                (p, it) -> bucketsB.value().split(p, it).iterator(), false)
                        .mapToPair(b -> new Tuple2<>(b.bucket, b))
                        .partitionBy(byKey);
                JavaPairRDD<Integer, ValueBlock> byPartition = byBucket.mapPartitions(
                                it -> rank(it, belowB.value()).iterator())
                        .mapToPair(b -> new Tuple2<>(b.partition, b))
                        .partitionBy(byKey);
                JavaRDD<double[]> rankRows = byPartition.mapPartitionsWithIndex(
                        (p, it) -> rankRows(it, (int) partitionRows[p], d, bucketsB.value().ranges), true);
                return Correlation.fromCovariance(
                        DistributedCovariance.coMoments(rankRows).covariance(), d);
            } finally {
                belowB.destroy();
            }
        } finally {
            bucketsB.destroy();
        }
    }

    /** Reducer of the first shuffle: replaces every value of every bucket by its global average rank. */
    private static List<ValueBlock> rank(Iterator<Tuple2<Integer, ValueBlock>> it, long[] below) {
        Map<Integer, List<ValueBlock>> byBucket = new HashMap<>();
        it.forEachRemaining(
                t -> byBucket.computeIfAbsent(t._1, k -> new ArrayList<>()).add(t._2));
        List<ValueBlock> out = new ArrayList<>();
        for (Map.Entry<Integer, List<ValueBlock>> e : byBucket.entrySet()) {
            List<ValueBlock> blocks = e.getValue();
            double[] sorted =
                    new double[blocks.stream().mapToInt(b -> b.values.length).sum()];
            int at = 0;
            for (ValueBlock b : blocks) {
                System.arraycopy(b.values, 0, sorted, at, b.values.length);
                at += b.values.length;
            }
            Arrays.sort(sorted);
            double offset = below[e.getKey()];
            for (ValueBlock b : blocks) {
                double[] ranks = new double[b.values.length];
                for (int k = 0; k < ranks.length; k++) {
                    ranks[k] = offset + AverageRanks.of(sorted, b.values[k]);
                }
                out.add(new ValueBlock(b.bucket, b.partition, b.rowIndex, ranks));
            }
        }
        return out;
    }

    /** Reducer of the second shuffle: rebuilds a partition's rows, ranks in place of values. */
    private static Iterator<double[]> rankRows(
            Iterator<Tuple2<Integer, ValueBlock>> it, int rowCount, int d, int ranges) {
        double[][] rankRows = new double[rowCount][d];
        it.forEachRemaining(t -> {
            ValueBlock b = t._2;
            int column = b.bucket / ranges;
            for (int k = 0; k < b.rowIndex.length; k++) {
                rankRows[b.rowIndex[k]][column] = b.values[k];
            }
        });
        return Arrays.asList(rankRows).iterator();
    }

    /**
     * The values of one partition that fall in one bucket, with their row positions in that
     * partition. (Plain classes rather than records here: Kryo cannot build records.)
     */
    private static final class ValueBlock implements Serializable {
        final int bucket;
        final int partition;
        final int[] rowIndex;
        final double[] values;

        ValueBlock(int bucket, int partition, int[] rowIndex, double[] values) {
            this.bucket = bucket;
            this.partition = partition;
            this.rowIndex = rowIndex;
            this.values = values;
        }
    }

    /** A seeded uniform sample (reservoir) of a partition's rows, and the partition's row count. */
    private static final class PartitionSample implements Serializable {
        final long count;
        final List<double[]> rows;

        PartitionSample(long count, List<double[]> rows) {
            this.count = count;
            this.rows = rows;
        }

        static PartitionSample draw(int partition, Iterator<double[]> it, int size) {
            Random random = new Random(partition);
            List<double[]> reservoir = new ArrayList<>();
            long seen = 0;
            while (it.hasNext()) {
                double[] row = it.next();
                seen++;
                if (reservoir.size() < size) {
                    reservoir.add(row.clone());
                } else {
                    long slot = (long) (random.nextDouble() * seen);
                    if (slot < size) {
                        reservoir.set((int) slot, row.clone());
                    }
                }
            }
            return new PartitionSample(seen, reservoir);
        }
    }

    /**
     * Per column, ascending boundaries that cut the values into {@code ranges} buckets; bucket id
     * {@code column * ranges + range}, where range = number of boundaries at or below the value.
     */
    private static final class Buckets implements Serializable {
        final int d;
        final int ranges;
        final double[][] boundaries;

        Buckets(int d, int ranges, double[][] boundaries) {
            this.d = d;
            this.ranges = ranges;
            this.boundaries = boundaries;
        }

        static Buckets fromSamples(List<PartitionSample> samples, int d, int ranges) {
            double[][] boundaries = new double[d][];
            for (int c = 0; c < d; c++) {
                int column = c;
                double[] values = samples.stream()
                        .flatMap(s -> s.rows.stream())
                        .mapToDouble(r -> r[column])
                        .sorted()
                        .toArray();
                double[] cut = new double[ranges - 1];
                int count = 0;
                for (int k = 1; k < ranges && values.length > 0; k++) {
                    double v = values[(int) ((long) k * values.length / ranges)];
                    if (count == 0 || v > cut[count - 1]) {
                        cut[count++] = v;
                    }
                }
                boundaries[c] = Arrays.copyOf(cut, count);
            }
            return new Buckets(d, ranges, boundaries);
        }

        int bucket(int column, double v) {
            return column * ranges + AverageRanks.countAtMost(boundaries[column], v);
        }

        long[] count(Iterator<double[]> it) {
            long[] sizes = new long[d * ranges];
            it.forEachRemaining(row -> {
                for (int c = 0; c < d; c++) {
                    sizes[bucket(c, row[c])]++;
                }
            });
            return sizes;
        }

        static long[] add(long[] a, long[] b) {
            for (int i = 0; i < a.length; i++) {
                a[i] += b[i];
            }
            return a;
        }

        List<ValueBlock> split(int partition, Iterator<double[]> it) {
            int[] counts = new int[d * ranges];
            List<double[]> rows = new ArrayList<>();
            int[] bucketOf = new int[64 * d]; // the bucket of every value, found once
            while (it.hasNext()) {
                double[] row = it.next();
                int at = rows.size() * d;
                if (at + d > bucketOf.length) {
                    bucketOf = Arrays.copyOf(bucketOf, 2 * bucketOf.length);
                }
                for (int c = 0; c < d; c++) {
                    bucketOf[at + c] = bucket(c, row[c]);
                    counts[bucketOf[at + c]]++;
                }
                rows.add(row);
            }
            int[][] index = new int[d * ranges][];
            double[][] values = new double[d * ranges][];
            for (int b = 0; b < counts.length; b++) {
                index[b] = new int[counts[b]];
                values[b] = new double[counts[b]];
            }
            int[] fill = new int[d * ranges];
            for (int i = 0; i < rows.size(); i++) {
                double[] row = rows.get(i);
                for (int c = 0; c < d; c++) {
                    int b = bucketOf[i * d + c];
                    index[b][fill[b]] = i;
                    values[b][fill[b]++] = row[c];
                }
            }
            List<ValueBlock> blocks = new ArrayList<>();
            for (int b = 0; b < counts.length; b++) {
                if (counts[b] > 0) {
                    blocks.add(new ValueBlock(b, partition, index[b], values[b]));
                }
            }
            return blocks;
        }
    }

    /** Sends key k to partition k mod the number of partitions. */
    private static final class IndexPartitioner extends Partitioner {
        private final int partitions;

        IndexPartitioner(int partitions) {
            this.partitions = partitions;
        }

        @Override
        public int numPartitions() {
            return partitions;
        }

        @Override
        public int getPartition(Object key) {
            return (Integer) key % partitions;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof IndexPartitioner other && other.partitions == partitions;
        }

        @Override
        public int hashCode() {
            return partitions;
        }
    }
}

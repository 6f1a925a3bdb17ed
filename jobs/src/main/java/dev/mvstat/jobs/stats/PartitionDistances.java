package dev.mvstat.jobs.stats;

import dev.mvstat.jobs.input.InputSource;
import dev.mvstat.mahalanobis.MahalanobisModel;
import dev.mvstat.spark.DistributedMahalanobis;
import org.apache.spark.api.java.JavaRDD;

import java.util.List;

/**
 * The squared distance of every input row, one cached array per input partition (8 bytes a row),
 * computed in one pass over the source that also counts each partition's rows read and used: the
 * rows' 0-based input positions come without a counting job. Release it with {@link #close()}.
 */
final class PartitionDistances implements AutoCloseable {

    /** Per partition, the squared distance of each of its rows, in order; NaN where the row was rejected. */
    final JavaRDD<double[]> byPartition;
    /** Rows read before each partition, and in all as the last entry. */
    private final long[] offsets;
    /** Rows scored: those that passed validation. */
    final long rowsUsed;

    private PartitionDistances(JavaRDD<double[]> byPartition, long[] offsets, long rowsUsed) {
        this.byPartition = byPartition;
        this.offsets = offsets;
        this.rowsUsed = rowsUsed;
    }

    /**
     * Reads the input once, scoring its valid rows against the model, caching the distances and
     * counting them; with {@code --on-invalid fail} an invalid row fails with the one-line input error.
     */
    static PartitionDistances score(InputSource source, MahalanobisModel model) {
        JavaRDD<double[]> distances = DistributedMahalanobis.squaredDistancesByPartition(
                        source.valuesOrNull(), model, source.pivot())
                .cache();
        List<long[]> readAndUsed;
        try {
            readAndUsed = source.read(
                    () -> distances.map(PartitionDistances::readAndUsed).collect());
        } catch (RuntimeException e) {
            distances.unpersist(false);
            throw e;
        }
        long[] offsets = new long[readAndUsed.size() + 1];
        long used = 0;
        for (int p = 0; p < readAndUsed.size(); p++) {
            offsets[p + 1] = offsets[p] + readAndUsed.get(p)[0];
            used += readAndUsed.get(p)[1];
        }
        return new PartitionDistances(distances, offsets, used);
    }

    /** @return a partition's rows read (its distances) and used (those not NaN) */
    private static long[] readAndUsed(double[] distances) {
        long used = 0;
        for (double d2 : distances) {
            used += Double.isNaN(d2) ? 0 : 1;
        }
        return new long[] {distances.length, used};
    }

    /** @return rows read before each partition, and in all as the last entry (a copy) */
    long[] offsets() {
        return offsets.clone();
    }

    /** @return rows read */
    long rowsRead() {
        return offsets[offsets.length - 1];
    }

    /** Unpersists the distances. */
    @Override
    public void close() {
        byPartition.unpersist(false);
    }
}

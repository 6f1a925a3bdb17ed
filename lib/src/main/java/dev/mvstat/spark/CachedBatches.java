package dev.mvstat.spark;

import dev.mvstat.gaussian.Batches;
import dev.mvstat.gaussian.CholeskyGaussian;
import dev.mvstat.gaussian.Likelihood;
import dev.mvstat.gaussian.ShuffledBlocks;
import dev.mvstat.gaussian.Standardization;
import dev.mvstat.moments.ColumnMoments;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@link Batches} cached on the executors: each partition's rows shuffled once into one
 * {@link ShuffledBlocks}, so that a step reads only its batch's rows from memory. Per step the
 * models are broadcast, every partition sums its share of the batch, and the partial sums are
 * merged on the driver in partition order, which keeps a seeded fit bit-reproducible (Spark's
 * tree aggregation merges in task-completion order).
 */
public final class CachedBatches implements Batches, AutoCloseable {

    private final JavaSparkContext sc;
    private final JavaRDD<ShuffledBlocks> parts;
    private final ColumnMoments[] moments;

    private CachedBatches(JavaSparkContext sc, JavaRDD<ShuffledBlocks> parts, ColumnMoments[] moments) {
        this.sc = sc;
        this.parts = parts;
        this.moments = moments;
    }

    /**
     * Shuffles and caches the rows (one pass), and gathers the per-group column moments (a pass over the cache).
     *
     * @param rows       group index and row
     * @param groupCount the number of groups
     * @param seed       the shuffle seed, mixed with the partition number as {@link ShuffledBlocks#partitionSeed}
     * @throws IllegalArgumentException if there are no rows or rows differ in length
     */
    public static CachedBatches of(JavaPairRDD<Integer, double[]> rows, int groupCount, long seed) {
        JavaRDD<ShuffledBlocks> parts = rows.mapPartitionsWithIndex(
                        (p, it) -> {
                            List<double[]> values = new ArrayList<>();
                            List<Integer> groups = new ArrayList<>();
                            while (it.hasNext()) {
                                Tuple2<Integer, double[]> row = it.next();
                                groups.add(row._1());
                                values.add(row._2());
                            }
                            if (values.isEmpty()) {
                                return Collections.<ShuffledBlocks>emptyIterator();
                            }
                            int[] g =
                                    groups.stream().mapToInt(Integer::intValue).toArray();
                            return List.of(new ShuffledBlocks(
                                            values.get(0).length,
                                            values,
                                            g,
                                            groupCount,
                                            ShuffledBlocks.partitionSeed(seed, p)))
                                    .iterator();
                        },
                        true)
                .persist(StorageLevel.MEMORY_AND_DISK());
        List<ColumnMoments[]> perPart = parts.map(ShuffledBlocks::columnMoments).collect();
        if (perPart.isEmpty()) {
            parts.unpersist(false);
            throw new IllegalArgumentException("no rows");
        }
        ColumnMoments[] total;
        try {
            total = ColumnMoments.mergeAll(perPart);
        } catch (IllegalArgumentException e) {
            parts.unpersist(false);
            throw e;
        }
        return new CachedBatches(JavaSparkContext.fromSparkContext(rows.context()), parts, total);
    }

    @Override
    public int dimension() {
        return moments[0].dimension();
    }

    @Override
    public ColumnMoments[] columnMoments() {
        return moments.clone();
    }

    @Override
    public <T extends Serializable> List<T> map(PartFunction<T> function) {
        return parts.map(function::apply).collect();
    }

    @Override
    public Likelihood[] likelihood(
            int blocks, int first, int span, CholeskyGaussian[] models, Standardization[] standardizations) {
        Broadcast<Step> step = sc.broadcast(new Step(models, standardizations));
        try {
            List<Likelihood[]> partials = parts.map(part -> {
                        Step s = step.value();
                        return part.likelihood(blocks, first, span, s.models, s.standardizations);
                    })
                    .collect();
            return Batches.sum(partials);
        } finally {
            step.unpersist(false);
        }
    }

    /** Unpersists the cached rows. */
    @Override
    public void close() {
        parts.unpersist(false);
    }

    /** What a step broadcasts: every group's model and standardization. */
    private static final class Step implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        final CholeskyGaussian[] models;
        final Standardization[] standardizations;

        Step(CholeskyGaussian[] models, Standardization[] standardizations) {
            this.models = models;
            this.standardizations = standardizations;
        }
    }
}

package dev.mvstat.spark;

import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function2;
import scala.Tuple2;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Combines the values of an RDD in partition order by a tree of fixed fan-in, so that the result
 * is bit-identical whichever task finishes first or is retried, and the driver receives a single
 * value. Each partition's values are folded left in their order; then, level by level, the results
 * of partitions {@code [g F, (g + 1) F)} are brought to partition g by a shuffle that sorts them by
 * partition index, and folded left in that order, until one partition remains, whose result is
 * collected. The tree depends only on the number of partitions: an empty partition adds nothing,
 * but keeps its place.
 *
 * <p>A merging task holds the values of its group, up to {@link #FAN_IN}, in Spark's shuffle sort
 * buffer (spilled to disk when execution memory is short). Values must be serializable by the
 * session's serializer; the result reaches the driver as one task result.
 */
final class OrderedTreeMerge {

    /** Values combined by one task of a merging level. */
    static final int FAN_IN = 8;

    private OrderedTreeMerge() {}

    /**
     * @param values  values to combine
     * @param combine {@code combine(a, b)} is a followed by b; it may modify and return a, and
     *                receives each value once
     * @return the values combined in partition order, empty when there are none
     */
    static <T> Optional<T> merge(JavaRDD<T> values, Function2<T, T, T> combine) {
        JavaRDD<T> level = values;
        while (true) {
            JavaRDD<Tuple2<Integer, T>> folded =
                    level.mapPartitionsWithIndex((index, it) -> fold(index, it, combine), false);
            int partitions = folded.getNumPartitions();
            if (partitions <= 1) {
                List<Tuple2<Integer, T>> result = folded.collect();
                return result.isEmpty()
                        ? Optional.empty()
                        : Optional.of(result.get(0)._2());
            }
            level = JavaPairRDD.fromJavaRDD(folded)
                    .repartitionAndSortWithinPartitions(new Groups((partitions + FAN_IN - 1) / FAN_IN))
                    .values();
        }
    }

    /** The partition's values folded left, keyed by its index; nothing for an empty partition. */
    private static <T> Iterator<Tuple2<Integer, T>> fold(int index, Iterator<T> values, Function2<T, T, T> combine)
            throws Exception {
        if (!values.hasNext()) {
            return Collections.emptyIterator();
        }
        T total = values.next();
        while (values.hasNext()) {
            total = combine.call(total, values.next());
        }
        return Collections.singletonList(new Tuple2<>(index, total)).iterator();
    }

    /** Sends the value keyed by partition index p to partition p / {@link #FAN_IN}. */
    private static final class Groups extends Partitioner {

        private final int groups;

        Groups(int groups) {
            this.groups = groups;
        }

        @Override
        public int numPartitions() {
            return groups;
        }

        @Override
        public int getPartition(Object key) {
            return (Integer) key / FAN_IN;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Groups g && g.groups == groups;
        }

        @Override
        public int hashCode() {
            return groups;
        }
    }
}

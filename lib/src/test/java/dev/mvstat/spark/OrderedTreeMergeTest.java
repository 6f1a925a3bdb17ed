package dev.mvstat.spark;

import dev.mvstat.testing.SparkTestSession;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The merge's tree, seen through a combination that records it: {@code (a b)} for a followed by b.
 * Partition p holds the value {@code p<p>}, or nothing when it is empty.
 */
class OrderedTreeMergeTest {

    private static final JavaSparkContext SC =
            JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext());

    /** Attempts of the failing merge task; tasks run in this JVM in local mode. */
    private static final AtomicInteger FAILED_ATTEMPTS = new AtomicInteger();

    /** One value per partition, none for the empty ones. */
    private static JavaRDD<String> values(int partitions, Set<Integer> empty) {
        List<Integer> indices = IntStream.range(0, partitions).boxed().toList();
        return SC.parallelize(indices, partitions)
                .filter(p -> !empty.contains(p))
                .map(p -> "p" + p);
    }

    private static String combine(String a, String b) {
        return "(" + a + " " + b + ")";
    }

    /** The non-null values folded left, or null. */
    private static String foldLeft(List<String> values) {
        return values.stream()
                .filter(Objects::nonNull)
                .reduce(OrderedTreeMergeTest::combine)
                .orElse(null);
    }

    /** The tree the merge is specified to build: groups of FAN_IN consecutive places, level by level. */
    private static String expectedTree(int partitions, Set<Integer> empty) {
        List<String> level = IntStream.range(0, partitions)
                .mapToObj(p -> empty.contains(p) ? null : "p" + p)
                .toList();
        while (level.size() > 1) {
            List<String> next = new ArrayList<>();
            for (int g = 0; g < level.size(); g += OrderedTreeMerge.FAN_IN) {
                next.add(foldLeft(level.subList(g, Math.min(g + OrderedTreeMerge.FAN_IN, level.size()))));
            }
            level = next;
        }
        return level.isEmpty() ? null : level.get(0);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 8, 9, 65, 200})
    void combinesInPartitionOrderByGroupsOfTheFanIn(int partitions) {
        String merged = OrderedTreeMerge.merge(values(partitions, Set.of()), OrderedTreeMergeTest::combine)
                .orElseThrow();
        assertEquals(expectedTree(partitions, Set.of()), merged);
    }

    @Test
    void theTreeIsSpelledOutForTwentyPartitions() {
        String first = foldLeft(IntStream.range(0, 8).mapToObj(p -> "p" + p).toList());
        assertEquals("(((((((p0 p1) p2) p3) p4) p5) p6) p7)", first);
        String second = foldLeft(IntStream.range(8, 16).mapToObj(p -> "p" + p).toList());
        String third = "(((p16 p17) p18) p19)";
        assertEquals("((" + first + " " + second + ") " + third + ")", expectedTree(20, Set.of()));
    }

    @Test
    void emptyPartitionsAddNothing() {
        // Group 1 (partitions 8 to 15) is empty altogether.
        Set<Integer> empty = Set.of(0, 5, 8, 9, 10, 11, 12, 13, 14, 15, 19);
        String merged = OrderedTreeMerge.merge(values(20, empty), OrderedTreeMergeTest::combine)
                .orElseThrow();
        assertEquals("((((((p1 p2) p3) p4) p6) p7) ((p16 p17) p18))", merged);
        assertEquals(expectedTree(20, empty), merged);
    }

    @Test
    void valuesOfOnePartitionAreFoldedInTheirOrder() {
        JavaRDD<String> values = SC.parallelize(List.of("a", "b", "c", "d", "e"), 2);
        assertEquals(
                "((a b) ((c d) e))",
                OrderedTreeMerge.merge(values, OrderedTreeMergeTest::combine).orElseThrow());
    }

    @Test
    void noValuesMergeToNothing() {
        assertEquals(
                Optional.empty(),
                OrderedTreeMerge.merge(
                        values(20, Set.copyOf(IntStream.range(0, 20).boxed().toList())),
                        OrderedTreeMergeTest::combine));
        assertEquals(Optional.empty(), OrderedTreeMerge.merge(SC.<String>emptyRDD(), OrderedTreeMergeTest::combine));
    }

    @Test
    void aMergeTaskThatFailsOnceIsRetriedToTheSameTree() {
        FAILED_ATTEMPTS.set(0);
        // 20 partitions merge in three tasks, then one; the second of the three fails on its first attempt.
        String merged = OrderedTreeMerge.merge(values(20, Set.of()), (a, b) -> {
                    TaskContext task = TaskContext.get();
                    if (a.startsWith("(p8") && task.attemptNumber() == 0) {
                        FAILED_ATTEMPTS.incrementAndGet();
                        throw new IllegalStateException("injected failure of the first attempt");
                    }
                    return combine(a, b);
                })
                .orElseThrow();
        assertTrue(FAILED_ATTEMPTS.get() >= 1, "the failure was injected");
        assertEquals(expectedTree(20, Set.of()), merged);
    }
}

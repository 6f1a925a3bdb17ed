package dev.mvstat.linkage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static dev.mvstat.testing.Trees.assertSameTree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrimTest {

    /** Prepared rows with their global ids. */
    private record Points(int[] ids, double[][] rows) {

        PointBlock block() {
            return PointBlock.of(ids, rows);
        }

        /** The points at the given positions. */
        Points subset(List<Integer> positions) {
            int[] subIds = new int[positions.size()];
            double[][] subRows = new double[positions.size()][];
            for (int i = 0; i < subIds.length; i++) {
                subIds[i] = ids[positions.get(i)];
                subRows[i] = rows[positions.get(i)];
            }
            return new Points(subIds, subRows);
        }
    }

    /** n distinct ids drawn from [0, 3n), in random order, so that id order is not row order. */
    private static int[] randomIds(Random random, int n) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < 3 * n; i++) {
            all.add(i);
        }
        Collections.shuffle(all, random);
        return all.subList(0, n).stream().mapToInt(Integer::intValue).toArray();
    }

    private static Points gaussian(Metric metric, long seed, int n, int d) {
        return new Points(randomIds(new Random(seed), n), MetricTest.randomRows(metric, seed + 1, n, d));
    }

    /** Points on the grid {1..4}^d, so many distances are equal (and some points coincide). */
    private static Points grid(Metric metric, long seed, int n, int d) {
        Random random = new Random(seed);
        double[][] rows = new double[n][d];
        for (double[] row : rows) {
            Arrays.setAll(row, k -> 1 + random.nextInt(4));
        }
        return new Points(randomIds(random, n), prepared(metric, rows));
    }

    /** n points that are copies of 3 distinct ones: most distances are 0. */
    private static Points duplicates(Metric metric, long seed, int n, int d) {
        Random random = new Random(seed);
        double[][] distinct = MetricTest.randomRows(metric, seed + 1, 3, d);
        double[][] rows = new double[n][];
        Arrays.setAll(rows, i -> distinct[random.nextInt(distinct.length)]);
        return new Points(randomIds(random, n), rows);
    }

    private static double[][] prepared(Metric metric, double[][] rows) {
        return Arrays.stream(rows).map(metric::prepare).toArray(double[][]::new);
    }

    /** The data sets every test runs on. */
    private static List<Points> dataSets(Metric metric) {
        return List.of(
                gaussian(metric, 1, 120, 5),
                gaussian(metric, 2, 57, 1),
                grid(metric, 3, 90, 2),
                grid(metric, 4, 80, 3),
                duplicates(metric, 5, 40, 4));
    }

    /** Kruskal's algorithm on every pair's edge, sorted by {@link Edges#compare}. */
    private static Edges kruskal(Points points, Metric metric) {
        Edges all = new Edges();
        for (int i = 0; i < points.ids.length; i++) {
            for (int j = 0; j < i; j++) {
                all.add(points.ids[i], points.ids[j], metric.distance(points.rows[i], points.rows[j]));
            }
        }
        all = all.sorted();
        UnionFind sets = new UnionFind(Arrays.stream(points.ids).max().orElse(0) + 1);
        Edges tree = new Edges();
        for (int e = 0; e < all.size(); e++) {
            if (sets.union(all.u(e), all.v(e)) >= 0) {
                tree.add(all.u(e), all.v(e), all.weight(e));
            }
        }
        return tree;
    }

    @ParameterizedTest
    @EnumSource(Metric.class)
    void equalsKruskalOnAllPairs(Metric metric) {
        for (Points points : dataSets(metric)) {
            assertSameTree(kruskal(points, metric), Prim.spanningTree(points.block(), metric, null));
        }
    }

    @ParameterizedTest
    @EnumSource(Metric.class)
    void fewPoints(Metric metric) {
        for (int n = 0; n <= 2; n++) {
            Points points = gaussian(metric, 10 + n, n, 3);
            Edges tree = Prim.spanningTree(points.block(), metric, null);
            assertEquals(Math.max(0, n - 1), tree.size());
            assertSameTree(kruskal(points, metric), tree);
        }
    }

    @ParameterizedTest
    @EnumSource(Metric.class)
    void pairOfBlocksEqualsPrimOnTheUnion(Metric metric) {
        Random random = new Random(20);
        for (Points points : dataSets(metric)) {
            Edges whole = Prim.spanningTree(points.block(), metric, null);
            int n = points.ids.length;
            List<Integer> positions = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                positions.add(i);
            }
            for (int split : new int[] {1, n - 1, 1 + random.nextInt(n - 1), 1 + random.nextInt(n - 1)}) {
                Collections.shuffle(positions, random);
                Points a = points.subset(positions.subList(0, split));
                Points b = points.subset(positions.subList(split, n));
                assertSameTree(whole, pair(a, b, metric));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Metric.class)
    void pairOfSinglePoints(Metric metric) {
        Points points = gaussian(metric, 30, 2, 4);
        Points a = points.subset(List.of(0));
        Points b = points.subset(List.of(1));
        assertSameTree(kruskal(points, metric), pair(a, b, metric));
    }

    @Test
    void pairWithAnEmptyBlockIsTheOtherTree() {
        Points points = gaussian(Metric.EUCLIDEAN, 31, 10, 3);
        Points empty = new Points(new int[0], new double[0][]);
        Edges tree = Prim.spanningTree(points.block(), Metric.EUCLIDEAN, null);
        assertSameTree(tree, pair(points, empty, Metric.EUCLIDEAN));
        assertSameTree(tree, pair(empty, points, Metric.EUCLIDEAN));
    }

    private static Edges pair(Points a, Points b, Metric metric) {
        PointBlock blockA = a.block();
        PointBlock blockB = b.block();
        return Prim.spanningTree(
                blockA,
                Prim.spanningTree(blockA, metric, null),
                blockB,
                Prim.spanningTree(blockB, metric, null),
                metric,
                null);
    }

    @Test
    void pairRejectsMismatchedDimensions() {
        Metric metric = Metric.EUCLIDEAN;
        PointBlock a = PointBlock.of(new int[] {0, 1}, new double[][] {{0, 0}, {1, 1}});
        PointBlock b = PointBlock.of(new int[] {2}, new double[][] {{0, 0, 0}});
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Prim.spanningTree(a, Prim.spanningTree(a, metric, null), b, new Edges(), metric, null));
        assertTrue(e.getMessage().contains("dimensions"), e.getMessage());
    }

    @Test
    void pairRejectsOverlappingIds() {
        Metric metric = Metric.EUCLIDEAN;
        PointBlock a = PointBlock.of(new int[] {0, 7}, new double[][] {{0, 0}, {1, 1}});
        PointBlock b = PointBlock.of(new int[] {3, 7}, new double[][] {{2, 2}, {3, 3}});
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Prim.spanningTree(
                        a, Prim.spanningTree(a, metric, null), b, Prim.spanningTree(b, metric, null), metric, null));
        assertTrue(e.getMessage().contains("id 7"), e.getMessage());
    }

    @Test
    void pairRejectsWhatIsNotASpanningTreeOfItsBlock() {
        Metric metric = Metric.EUCLIDEAN;
        PointBlock a = PointBlock.of(new int[] {0, 1, 4}, new double[][] {{0, 0}, {1, 1}, {5, 5}});
        PointBlock b = PointBlock.of(new int[] {2, 3}, new double[][] {{2, 2}, {3, 3}});
        Edges treeA = Prim.spanningTree(a, metric, null);
        Edges treeB = Prim.spanningTree(b, metric, null);
        Edges cycle = new Edges();
        cycle.add(0, 1, 2);
        cycle.add(1, 0, 2);
        Edges outside = new Edges();
        outside.add(0, 1, 2);
        outside.add(1, 3, 2);
        for (Edges wrong : List.of(treeB, new Edges(), cycle, outside)) {
            assertThrows(IllegalArgumentException.class, () -> Prim.spanningTree(a, wrong, b, treeB, metric, null));
        }
        assertThrows(IllegalArgumentException.class, () -> Prim.spanningTree(a, treeA, b, treeA, metric, null));
    }

    @Test
    void blockRejectsRepeatedOrNegativeIdsAndRaggedRows() {
        double[][] rows = {{0, 0}, {1, 1}};
        assertThrows(IllegalArgumentException.class, () -> PointBlock.of(new int[] {4, 4}, rows));
        assertThrows(IllegalArgumentException.class, () -> PointBlock.of(new int[] {-1, 4}, rows));
        assertThrows(IllegalArgumentException.class, () -> PointBlock.of(new int[] {1}, rows));
        assertThrows(
                IllegalArgumentException.class, () -> PointBlock.of(new int[] {1, 2}, new double[][] {{0, 0}, {1}}));
    }

    @Test
    void blockCopiesItsRows() {
        double[][] rows = {{0, 0}, {3, 4}};
        int[] ids = {5, 9};
        PointBlock block = PointBlock.of(ids, List.of(rows));
        rows[1][0] = 100;
        ids[0] = 1;
        assertEquals(2, block.size());
        assertEquals(2, block.dimension());
        assertEquals(5, block.id(0));
        Edges tree = Prim.spanningTree(block, Metric.EUCLIDEAN, null);
        assertEquals(5.0, tree.weight(0));
    }
}

package dev.mvstat.linkage;

import dev.mvstat.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static dev.mvstat.testing.Trees.assertSameTree;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Kd-tree Borůvka against the brute-force Prim, edge for edge, including ties and split searches. */
class BoruvkaTest {

    private static double[] flat(List<double[]> rows) {
        int d = rows.get(0).length;
        double[] out = new double[rows.size() * d];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, out, i * d, d);
        }
        return out;
    }

    /** n seeded points of dimension d, each coordinate drawn by {@code coordinate(random, i)}. */
    private static List<double[]> points(int n, int d, long seed, Coordinate coordinate) {
        Random random = new Random(seed);
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] x = new double[d];
            for (int k = 0; k < d; k++) {
                x[k] = coordinate.draw(random, i);
            }
            rows.add(x);
        }
        return rows;
    }

    /** Three Gaussian blobs. */
    private static List<double[]> random(int n, int d, long seed) {
        return points(n, d, seed, (random, i) -> (i % 3) * 5 + random.nextGaussian());
    }

    /** Points on a small grid, many of them repeated: equal and zero distances everywhere. */
    private static List<double[]> grid(int n, int d, long seed) {
        return points(n, d, seed, (random, i) -> random.nextInt(4));
    }

    private interface Coordinate {
        double draw(Random random, int row);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 8})
    void equalsPrimOnRandomPoints(int d) {
        List<double[]> rows = random(700, d, d);
        assertSameTree(BruteForcePrim.tree(rows), BoruvkaForest.spanningTree(new KdTree(flat(rows), d), null));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void equalsPrimWithTiesAndDuplicates(int d) {
        List<double[]> rows = grid(300, d, 7 + d);
        assertSameTree(BruteForcePrim.tree(rows), BoruvkaForest.spanningTree(new KdTree(flat(rows), d), null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"iris", "blobs3"})
    void equalsPrimOnTheSharedData(String name) {
        List<double[]> rows = TestData.rows(name);
        int d = rows.get(0).length;
        assertSameTree(BruteForcePrim.tree(rows), BoruvkaForest.spanningTree(new KdTree(flat(rows), d), null));
    }

    @Test
    void searchesSplitIntoSlicesGiveTheSameTree() {
        List<double[]> rows = grid(400, 2, 3);
        KdTree tree = new KdTree(flat(rows), 2);
        BoruvkaForest forest = new BoruvkaForest(tree);
        while (forest.components() > 1) {
            int[] component = forest.componentByPosition();
            Edges candidates = new Edges();
            for (int from = 0; from < tree.size(); from += 37) {
                candidates.addAll(new BoruvkaSearch(tree, component, forest.components(), null)
                        .shortestOutgoing(from, Math.min(tree.size(), from + 37)));
            }
            forest.addShortest(candidates);
        }
        assertSameTree(BruteForcePrim.tree(rows), forest.edges());
    }

    @Test
    void oneAndTwoPoints() {
        assertEquals(
                0,
                BoruvkaForest.spanningTree(new KdTree(new double[] {1, 2}, 2), null)
                        .size());
        Edges two = BoruvkaForest.spanningTree(new KdTree(new double[] {0, 0, 3, 4}, 2), null);
        assertEquals(1, two.size());
        assertEquals(5.0, two.weight(0), 0.0);
    }

    @Test
    void theTreeKeepsEveryPointWithItsId() {
        List<double[]> rows = random(100, 3, 1);
        KdTree tree = new KdTree(flat(rows), 3);
        int[] seen = new int[rows.size()];
        for (int i = 0; i < tree.size(); i++) {
            seen[tree.id(i)]++;
            assertArrayEquals(rows.get(tree.id(i)), Arrays.copyOfRange(tree.points, i * 3, i * 3 + 3));
        }
        for (int count : seen) {
            assertEquals(1, count);
        }
    }
}

package dev.mvstat.linkage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KruskalTest {

    /** @return n points of d standard normal coordinates */
    private static List<double[]> gaussianRows(Random random, int n, int d) {
        return IntStream.range(0, n)
                .mapToObj(i -> IntStream.range(0, d)
                        .mapToDouble(k -> random.nextGaussian())
                        .toArray())
                .toList();
    }

    /** @return every edge {i, j}, i < j, between the rows, weighted by Euclidean distance */
    private static Edges completeGraph(List<double[]> rows) {
        Edges edges = new Edges();
        for (int i = 0; i < rows.size(); i++) {
            for (int j = i + 1; j < rows.size(); j++) {
                edges.add(i, j, BruteForcePrim.distance(rows.get(i), rows.get(j)));
            }
        }
        return edges;
    }

    /** @return the edges in a random order, each in a random orientation; {@code edges} not modified */
    private static Edges shuffled(Edges edges, Random random) {
        List<Integer> order =
                new ArrayList<>(IntStream.range(0, edges.size()).boxed().toList());
        Collections.shuffle(order, random);
        Edges out = new Edges(edges.size());
        for (int e : order) {
            boolean flip = random.nextBoolean();
            out.add(flip ? edges.v(e) : edges.u(e), flip ? edges.u(e) : edges.v(e), edges.weight(e));
        }
        return out;
    }

    /** @return (smaller endpoint, larger endpoint, weight) of each edge in turn */
    private static double[] triples(Edges edges) {
        double[] out = new double[3 * edges.size()];
        for (int i = 0; i < edges.size(); i++) {
            out[3 * i] = Math.min(edges.u(i), edges.v(i));
            out[3 * i + 1] = Math.max(edges.u(i), edges.v(i));
            out[3 * i + 2] = edges.weight(i);
        }
        return out;
    }

    /** Edge for edge, in order, whatever the orientations; weights exactly. */
    private static void assertSameEdges(Edges expected, Edges actual) {
        assertArrayEquals(triples(expected), triples(actual));
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 4, 5})
    void treeOfTheUnionOfPairwiseTreesIsTheTreeOfAllPoints(int groups) {
        // SHAS: the groups taken two at a time cover every pair of points.
        Random random = new Random(groups);
        int n = 400;
        List<double[]> rows = gaussianRows(random, n, 3);
        List<Integer> order = new ArrayList<>(IntStream.range(0, n).boxed().toList());
        Collections.shuffle(order, random);
        Edges candidates = new Edges();
        for (int a = 0; a < groups; a++) {
            for (int b = a + 1; b < groups; b++) {
                int[] ids = IntStream.concat(chunk(order, a, groups), chunk(order, b, groups))
                        .toArray();
                candidates.addAll(BruteForcePrim.tree(rows, ids));
            }
        }
        assertTrue(candidates.size() > n, "more candidates than one round selects");
        assertSameEdges(BruteForcePrim.tree(rows).sorted(), Kruskal.spanningForest(candidates, n));
    }

    /** @return the ids of group g of {@code groups} contiguous groups of {@code order} */
    private static IntStream chunk(List<Integer> order, int g, int groups) {
        int n = order.size();
        return order.subList(g * n / groups, (g + 1) * n / groups).stream().mapToInt(Integer::intValue);
    }

    @Test
    void repeatedCandidatesInEitherOrientationChangeNothing() {
        Random random = new Random(5);
        List<double[]> rows = gaussianRows(random, 40, 2);
        Edges tree = BruteForcePrim.tree(rows);
        Edges candidates = shuffled(completeGraph(rows), random);
        candidates.addAll(shuffled(completeGraph(rows), random));
        candidates.addAll(tree);
        double[] before = triples(candidates);
        assertSameEdges(tree.sorted(), Kruskal.spanningForest(candidates, rows.size()));
        assertArrayEquals(before, triples(candidates), "candidates not modified");
    }

    @Test
    void tiesDoNotDependOnTheOrderOfTheCandidates() {
        // 60 points on a 5 x 5 integer grid: repeated points and many equal distances.
        Random random = new Random(11);
        List<double[]> rows = IntStream.range(0, 60)
                .mapToObj(i -> new double[] {random.nextInt(5), random.nextInt(5)})
                .toList();
        Edges expected = BruteForcePrim.tree(rows).sorted();
        long distinctWeights = IntStream.range(0, expected.size())
                .mapToDouble(expected::weight)
                .distinct()
                .count();
        assertTrue(distinctWeights <= 3, "ties: " + distinctWeights + " distinct weights");
        Edges complete = completeGraph(rows);
        for (int trial = 0; trial < 5; trial++) {
            assertSameEdges(expected, Kruskal.spanningForest(shuffled(complete, random), rows.size()));
        }
    }

    @Test
    void disconnectedCandidatesGiveAForest() {
        // Components {0, 1, 2}, {3, 4} and {5}.
        Edges candidates = new Edges();
        candidates.add(1, 2, 2);
        candidates.add(0, 2, 3);
        candidates.add(4, 3, 1);
        candidates.add(0, 1, 1);
        candidates.add(2, 1, 2);
        Edges expected = new Edges();
        expected.add(0, 1, 1);
        expected.add(3, 4, 1);
        expected.add(1, 2, 2);
        assertSameEdges(expected, Kruskal.spanningForest(candidates, 6));
    }

    @Test
    void noPointsOrOnePointGiveNoEdges() {
        assertEquals(0, Kruskal.spanningForest(new Edges(), 0).size());
        Edges loop = new Edges();
        loop.add(0, 0, 1);
        assertEquals(0, Kruskal.spanningForest(loop, 1).size());
    }

    @Test
    void rejectsEndpointsOutsideThePoints() {
        Edges tooLarge = new Edges();
        tooLarge.add(0, 3, 1);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Kruskal.spanningForest(tooLarge, 3));
        assertTrue(e.getMessage().contains("expected endpoints in 0..2, actual edge 0 = {0, 3}"), e.getMessage());
        Edges negative = new Edges();
        negative.add(-1, 0, 1);
        assertThrows(IllegalArgumentException.class, () -> Kruskal.spanningForest(negative, 3));
        assertThrows(IllegalArgumentException.class, () -> Kruskal.spanningForest(new Edges(), -1));
    }
}

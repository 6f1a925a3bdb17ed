package dev.mvstat.hdbscan;

import dev.mvstat.linkage.BoruvkaForest;
import dev.mvstat.linkage.Dendrogram;
import dev.mvstat.linkage.Edges;
import dev.mvstat.linkage.KdTree;
import dev.mvstat.linkage.Kruskal;
import dev.mvstat.linkage.Metric;
import dev.mvstat.linkage.NearestNeighbors;
import dev.mvstat.linkage.NeighborDistances;
import dev.mvstat.linkage.PointBlock;
import dev.mvstat.linkage.Prim;
import dev.mvstat.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HDBSCAN* on the library's kd-tree and blocked paths against {@link BruteForceHdbscan}: identical
 * core distances, spanning-tree weights, condensed trees, labels, probabilities and outlier scores,
 * bit for bit, on data with ties, duplicates and noise, for both selections, epsilon and a single
 * cluster; then the published behaviour on blobs with background noise.
 */
class HdbscanClustersTest {

    /** The blobs' centres. */
    private static final double[][] CENTRES = {{0, 0}, {8, 0}, {4, 7}};

    /** Three Gaussian blobs of 80 rows in 2-D and 40 rows of uniform background around them. */
    static double[][] blobsWithNoise(long seed) {
        Random random = new Random(seed);
        double[][] rows = new double[280][];
        for (int i = 0; i < 240; i++) {
            double[] c = CENTRES[i % 3];
            rows[i] = new double[] {c[0] + random.nextGaussian() * 0.7, c[1] + random.nextGaussian() * 0.7};
        }
        for (int i = 240; i < rows.length; i++) {
            rows[i] = new double[] {-16 + 40 * random.nextDouble(), -16 + 40 * random.nextDouble()};
        }
        return rows;
    }

    /** 200 rows on a 5 x 5 x 5 grid: ties and repeated rows everywhere. */
    static double[][] grid() {
        Random random = new Random(7);
        double[][] rows = new double[200][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new double[] {random.nextInt(5), random.nextInt(5), random.nextInt(3)};
        }
        return rows;
    }

    static double[][] iris() {
        return TestData.rows("iris").toArray(double[][]::new);
    }

    record Case(String name, double[][] rows, HdbscanSettings settings) {
        @Override
        public String toString() {
            return name + " " + settings;
        }
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (double[][] rows : new double[][][] {blobsWithNoise(1), grid(), iris()}) {
            String name = rows.length == 280 ? "blobs" : rows.length == 200 ? "grid" : "iris";
            cases.add(new Case(name, rows, HdbscanSettings.of(10)));
            cases.add(new Case(name, rows, new HdbscanSettings(5, 3, ClusterSelection.EOM, 0, false)));
            cases.add(new Case(name, rows, new HdbscanSettings(8, 1, ClusterSelection.LEAF, 0, false)));
            cases.add(new Case(name, rows, new HdbscanSettings(5, 5, ClusterSelection.LEAF, 0.5, false)));
            cases.add(new Case(name, rows, new HdbscanSettings(15, 4, ClusterSelection.EOM, 1.5, true)));
            cases.add(new Case(name, rows, new HdbscanSettings(40, 10, ClusterSelection.EOM, 0, true)));
        }
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void kdTreePathEqualsTheBruteForce(Case c) {
        HdbscanSettings s = c.settings();
        BruteForceHdbscan.Result expected = bruteForce(c.rows(), Metric.EUCLIDEAN, s);
        int n = c.rows().length;
        int d = c.rows()[0].length;
        double[] flat = Stream.of(c.rows()).flatMapToDouble(Arrays::stream).toArray();
        KdTree tree = new KdTree(flat, d);
        double[] squared = NearestNeighbors.kthNearestSquared(tree, s.minSamples(), 0, n);
        double[] cores = new double[n];
        for (int i = 0; i < n; i++) {
            cores[tree.id(i)] = Math.sqrt(squared[i]);
        }
        assertArrayEquals(expected.coreDistances(), cores, 0);
        Edges edges = BoruvkaForest.spanningTree(tree, squared);
        assertSame(expected, HdbscanClusters.of(Dendrogram.of(edges, n), s), edges);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void blockedPathEqualsTheBruteForceUnderEveryMetric(Case c) {
        for (Metric metric : List.of(Metric.EUCLIDEAN, Metric.MANHATTAN)) {
            HdbscanSettings s = c.settings();
            BruteForceHdbscan.Result expected = bruteForce(c.rows(), metric, s);
            int n = c.rows().length;
            PointBlock[] blocks = blocks(c.rows(), metric, 3);
            double[] cores = new double[n];
            for (PointBlock a : blocks) {
                NeighborDistances seen = new NeighborDistances(a.size(), s.minSamples());
                for (PointBlock b : blocks) {
                    NeighborDistances.offer(a, b, metric, seen, null);
                }
                for (int r = 0; r < a.size(); r++) {
                    cores[a.id(r)] = seen.kth(r);
                }
            }
            assertArrayEquals(expected.coreDistances(), cores, 0, metric.name());
            Edges candidates = new Edges();
            for (int i = 0; i < blocks.length; i++) {
                for (int j = i + 1; j < blocks.length; j++) {
                    candidates.addAll(Prim.spanningTree(
                            blocks[i],
                            Prim.spanningTree(blocks[i], metric, cores),
                            blocks[j],
                            Prim.spanningTree(blocks[j], metric, cores),
                            metric,
                            cores));
                }
            }
            Edges edges = Kruskal.spanningForest(candidates, n);
            assertSame(expected, HdbscanClusters.of(Dendrogram.of(edges, n), s), edges);
        }
    }

    static BruteForceHdbscan.Result bruteForce(double[][] rows, Metric metric, HdbscanSettings s) {
        return BruteForceHdbscan.fit(
                rows,
                metric,
                s.minClusterSize(),
                s.minSamples(),
                s.selection() == ClusterSelection.LEAF,
                s.epsilon(),
                s.allowSingleCluster());
    }

    /** The rows prepared for the metric, dealt round-robin into {@code count} blocks. */
    static PointBlock[] blocks(double[][] rows, Metric metric, int count) {
        PointBlock[] blocks = new PointBlock[count];
        for (int b = 0; b < count; b++) {
            int first = b;
            int[] ids = IntStream.iterate(first, i -> i < rows.length, i -> i + count)
                    .toArray();
            blocks[b] = PointBlock.of(
                    ids,
                    IntStream.of(ids).mapToObj(i -> metric.prepare(rows[i])).toArray(double[][]::new));
        }
        return blocks;
    }

    /** The tree's weights in merge order, and everything HDBSCAN* reads off it, equal to the brute force's. */
    static void assertSame(BruteForceHdbscan.Result expected, HdbscanClusters actual, Edges edges) {
        Edges sorted = edges.sorted();
        double[] weights = new double[sorted.size()];
        double[] expectedWeights = new double[sorted.size()];
        for (int e = 0; e < sorted.size(); e++) {
            weights[e] = sorted.weight(e);
            expectedWeights[e] = expected.mst()[e][2];
            assertEquals(expected.mst()[e][0], Math.min(sorted.u(e), sorted.v(e)), "edge " + e);
            assertEquals(expected.mst()[e][1], Math.max(sorted.u(e), sorted.v(e)), "edge " + e);
        }
        assertArrayEquals(expectedWeights, weights, 0);
        CondensedTree tree = actual.condensedTree();
        assertEquals(expected.condensed().size(), tree.size());
        for (int i = 0; i < tree.size(); i++) {
            BruteForceHdbscan.CondensedRow row = expected.condensed().get(i);
            assertEquals(
                    row,
                    new BruteForceHdbscan.CondensedRow(
                            tree.parent(i), tree.child(i), tree.lambda(i), tree.childSize(i)));
        }
        assertArrayEquals(expected.labels(), actual.labels());
        assertArrayEquals(expected.probabilities(), actual.probabilities(), 0);
        assertArrayEquals(expected.outlierScores(), actual.outlierScores(), 0);
    }

    @Test
    void findsTheBlobsAndLeavesTheBackgroundAsNoise() {
        double[][] rows = blobsWithNoise(2);
        HdbscanClusters clusters = fit(rows, HdbscanSettings.of(15));
        int[] labels = clusters.labels();
        assertEquals(3, clusters.clusters());
        for (int blob = 0; blob < 3; blob++) {
            int[] count = new int[5];
            for (int i = blob; i < 240; i += 3) {
                count[labels[i] + 1]++;
            }
            int label = labels[blob];
            assertTrue(count[label + 1] >= 72, "blob " + blob + " keeps 90% of its rows: " + Arrays.toString(count));
        }
        int far = 0;
        for (int i = 240; i < rows.length; i++) {
            double[] x = rows[i];
            if (Stream.of(CENTRES).allMatch(c -> Math.hypot(x[0] - c[0], x[1] - c[1]) > 5)) {
                assertEquals(HdbscanClusters.NOISE, labels[i], "background row " + i + " far from every blob");
                far++;
            } else if (labels[i] != HdbscanClusters.NOISE) {
                assertTrue(clusters.probabilities()[i] < 0.5, "background row " + i + " on a blob's edge");
            }
        }
        assertTrue(far >= 30, far + " background rows far from every blob");
        for (int i = 0; i < rows.length; i++) {
            assertEquals(labels[i] == HdbscanClusters.NOISE, clusters.probabilities()[i] == 0, "row " + i);
        }
    }

    @Test
    void aSingleBlobWithOutliersIsOneClusterAndTheOutliersAreNoise() {
        Random random = new Random(3);
        double[][] rows = new double[208][];
        for (int i = 0; i < 200; i++) {
            rows[i] = new double[] {random.nextGaussian(), random.nextGaussian()};
        }
        for (int i = 200; i < rows.length; i++) {
            double angle = i * Math.PI / 4;
            rows[i] = new double[] {12 * Math.cos(angle), 12 * Math.sin(angle)};
        }
        HdbscanClusters clusters = fit(rows, new HdbscanSettings(20, 20, ClusterSelection.EOM, 4, true));
        int[] labels = clusters.labels();
        assertEquals(1, clusters.clusters());
        assertEquals(200, IntStream.range(0, 200).filter(i -> labels[i] == 1).count());
        for (int i = 200; i < rows.length; i++) {
            assertEquals(HdbscanClusters.NOISE, labels[i], "outlier " + i);
            assertTrue(clusters.outlierScores()[i] > 0.8, "outlier " + i + " scores " + clusters.outlierScores()[i]);
        }
    }

    @Test
    void duplicatedRowsFormAClusterOfInfiniteDensity() {
        double[][] rows = new double[30][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i < 20 ? new double[] {1, 1} : new double[] {Math.scalb(10, i - 19), 0};
        }
        HdbscanClusters clusters = fit(rows, new HdbscanSettings(5, 5, ClusterSelection.EOM, 0, true));
        int[] labels = clusters.labels();
        for (int i = 0; i < 20; i++) {
            assertEquals(1, labels[i]);
            assertEquals(1, clusters.probabilities()[i]);
            assertEquals(0, clusters.outlierScores()[i]);
        }
        assertEquals(10, clusters.noise());
    }

    @Test
    void rejectsSettingsOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> HdbscanSettings.of(1));
        assertThrows(IllegalArgumentException.class, () -> new HdbscanSettings(5, 0, ClusterSelection.EOM, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new HdbscanSettings(5, 5, null, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new HdbscanSettings(5, 5, ClusterSelection.EOM, -1, false));
        assertThrows(
                IllegalArgumentException.class,
                () -> new HdbscanSettings(5, 5, ClusterSelection.EOM, Double.NaN, false));
        assertThrows(
                IllegalArgumentException.class,
                () -> NearestNeighbors.kthNearestSquared(new KdTree(new double[] {1, 2}, 1), 3, 0, 2));
    }

    @Test
    void aSingleRowIsNoise() {
        HdbscanClusters clusters = HdbscanClusters.of(Dendrogram.of(new Edges(), 1), HdbscanSettings.of(5));
        assertArrayEquals(new int[] {HdbscanClusters.NOISE}, clusters.labels());
        assertEquals(0, clusters.condensedTree().size());
    }

    /** HDBSCAN* on the kd-tree path. */
    static HdbscanClusters fit(double[][] rows, HdbscanSettings s) {
        double[] flat = Stream.of(rows).flatMapToDouble(Arrays::stream).toArray();
        KdTree tree = new KdTree(flat, rows[0].length);
        double[] squared = NearestNeighbors.kthNearestSquared(tree, s.minSamples(), 0, rows.length);
        return HdbscanClusters.of(Dendrogram.of(BoruvkaForest.spanningTree(tree, squared), rows.length), s);
    }
}

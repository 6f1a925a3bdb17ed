package dev.mvstat.hdbscan;

import dev.mvstat.hdbscan.BruteForceHdbscan.CondensedRow;
import dev.mvstat.hdbscan.BruteForceHdbscan.Result;
import dev.mvstat.linkage.Metric;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Cases of {@link BruteForceHdbscan} small enough to work out by hand, worked out in the comments. */
class BruteForceHdbscanTest {

    private static final double INF = Double.POSITIVE_INFINITY;

    /** @return the points of a line, one row each */
    private static double[][] line(double... xs) {
        return Arrays.stream(xs).mapToObj(x -> new double[] {x}).toArray(double[][]::new);
    }

    private static Result eom(double[][] rows, int minClusterSize, int minSamples) {
        return BruteForceHdbscan.fit(rows, Metric.EUCLIDEAN, minClusterSize, minSamples, false, 0, false);
    }

    private static double[] weights(Result r) {
        return Arrays.stream(r.mst()).mapToDouble(e -> e[2]).toArray();
    }

    private static double[] filled(int n, double value) {
        double[] a = new double[n];
        Arrays.fill(a, value);
        return a;
    }

    @Test
    void twoGroupsOnALine() {
        // Rows 0..5 at x = 0 1 2 10 11 12. minSamples 2: the second smallest of the distances to
        // all rows (0 to itself first) is the distance to the nearest neighbour, 1 for every row.
        // Mutual reachability max(1, 1, d): 1 between neighbours, 8 between x = 2 and x = 10.
        Result r = eom(line(0, 1, 2, 10, 11, 12), 2, 2);
        assertArrayEquals(filled(6, 1), r.coreDistances());
        // Four edges of weight 1, ordered by their smaller then larger endpoint, then the bridge.
        assertArrayEquals(new double[][] {{0, 1, 1}, {1, 2, 1}, {3, 4, 1}, {4, 5, 1}, {2, 3, 8}}, r.mst());
        // Merges: 6 = (0, 1), 7 = (2, 6), 8 = (3, 4), 9 = (5, 8), 10 = (7, 9) at 8.
        // Condensing with m = 2 from the root 10 (relabelled 6): 10 splits into 7 -> 7 and 9 -> 8
        // at lambda 1/8, both of size 3; 7 loses point 2 at lambda 1 and continues as node 6,
        // which falls apart into points 0 and 1 at lambda 1; likewise 9 loses 5, then 3 and 4.
        assertEquals(
                List.of(
                        new CondensedRow(6, 7, 0.125, 3),
                        new CondensedRow(6, 8, 0.125, 3),
                        new CondensedRow(7, 2, 1, 1),
                        new CondensedRow(8, 5, 1, 1),
                        new CondensedRow(7, 0, 1, 1),
                        new CondensedRow(7, 1, 1, 1),
                        new CondensedRow(8, 3, 1, 1),
                        new CondensedRow(8, 4, 1, 1)),
                r.condensed());
        // Stabilities: 7 and 8 each 3 (1 - 1/8) = 2.625, no cluster children: both selected.
        assertArrayEquals(new int[] {1, 1, 1, 2, 2, 2}, r.labels());
        // Each point leaves at its cluster's death lambda 1: probability 1, outlier score 0.
        assertArrayEquals(filled(6, 1), r.probabilities());
        assertArrayEquals(filled(6, 0), r.outlierScores());
    }

    @Test
    void aFarOutlierIsNoise() {
        // The rows of twoGroupsOnALine and row 6 at x = 100: its core distance is 88 (to x = 12),
        // so it joins last, at mutual reachability max(1, 88, 88) = 88.
        Result r = eom(line(0, 1, 2, 10, 11, 12, 100), 2, 2);
        assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1, 88}, r.coreDistances());
        assertArrayEquals(new double[] {1, 1, 1, 1, 8, 88}, weights(r));
        // The root 12 (relabelled 7) loses point 6 at lambda 1/88 and continues as 11, which
        // splits at 1/8 into clusters 8 = {0, 1, 2} and 9 = {3, 4, 5}.
        assertEquals(new CondensedRow(7, 6, 1.0 / 88, 1), r.condensed().get(0));
        assertEquals(new CondensedRow(7, 8, 0.125, 3), r.condensed().get(1));
        assertEquals(new CondensedRow(7, 9, 0.125, 3), r.condensed().get(2));
        assertEquals(9, r.condensed().size());
        assertArrayEquals(new int[] {1, 1, 1, 2, 2, 2, -1}, r.labels());
        assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1, 0}, r.probabilities());
        // GLOSH of row 6: its parent is the root, whose subtree's largest point lambda is 1, so
        // (1 - 1/88) / 1 = 87/88; the others leave at their subtree's largest lambda: 0.
        assertArrayEquals(new double[] {0, 0, 0, 0, 0, 0, 1 - 1.0 / 88}, r.outlierScores());
    }

    @Test
    void minSamplesOneIsPlainSingleLinkage() {
        // Rows at x = 0 1 3 10 11 13: core distances 0, so the tree weights are the distances.
        Result r = eom(line(0, 1, 3, 10, 11, 13), 2, 1);
        assertArrayEquals(filled(6, 0), r.coreDistances());
        assertArrayEquals(new double[][] {{0, 1, 1}, {3, 4, 1}, {1, 2, 2}, {4, 5, 2}, {2, 3, 7}}, r.mst());
        // Merges: 6 = (0, 1), 7 = (3, 4), 8 = (2, 6) at 2, 9 = (5, 7) at 2, 10 = (8, 9) at 7.
        assertEquals(
                List.of(
                        new CondensedRow(6, 7, 1.0 / 7, 3),
                        new CondensedRow(6, 8, 1.0 / 7, 3),
                        new CondensedRow(7, 2, 0.5, 1),
                        new CondensedRow(8, 5, 0.5, 1),
                        new CondensedRow(7, 0, 1, 1),
                        new CondensedRow(7, 1, 1, 1),
                        new CondensedRow(8, 3, 1, 1),
                        new CondensedRow(8, 4, 1, 1)),
                r.condensed());
        assertArrayEquals(new int[] {1, 1, 1, 2, 2, 2}, r.labels());
        // Cluster 7 dies at lambda 1; row 2 leaves it at 1/2: probability 0.5, GLOSH (1 - 0.5) / 1.
        assertArrayEquals(new double[] {1, 1, 0.5, 1, 1, 0.5}, r.probabilities());
        assertArrayEquals(new double[] {0, 0, 0.5, 0, 0, 0.5}, r.outlierScores());
    }

    /**
     * Rows at x = 0 2 5 7 40 42, minSamples 1: pairs {0, 1}, {2, 3}, {4, 5} at distance 2, the
     * first two pairs joined at 3, the third pair at 33. Merges 6 = (0, 1), 7 = (2, 3), 8 = (4, 5),
     * 9 = (6, 7) at 3, 10 = (8, 9) at 33. Condensed clusters: root 6; 7 = {4, 5} and 8 = {0..3}
     * born at 1/33; 9 = {0, 1} and 10 = {2, 3} born in 8 at 1/3; every point leaves at 1/2.
     */
    private static final double[][] NESTED = line(0, 2, 5, 7, 40, 42);

    @Test
    void nestedTree() {
        Result r = BruteForceHdbscan.fit(NESTED, Metric.EUCLIDEAN, 2, 1, false, 0, false);
        assertArrayEquals(new double[] {2, 2, 2, 3, 33}, weights(r));
        assertEquals(
                List.of(
                        new CondensedRow(6, 7, 1.0 / 33, 2),
                        new CondensedRow(6, 8, 1.0 / 33, 4),
                        new CondensedRow(7, 4, 0.5, 1),
                        new CondensedRow(7, 5, 0.5, 1),
                        new CondensedRow(8, 9, 1.0 / 3, 2),
                        new CondensedRow(8, 10, 1.0 / 3, 2),
                        new CondensedRow(9, 0, 0.5, 1),
                        new CondensedRow(9, 1, 0.5, 1),
                        new CondensedRow(10, 2, 0.5, 1),
                        new CondensedRow(10, 3, 0.5, 1)),
                r.condensed());
    }

    @Test
    void excessOfMassKeepsTheParentWhereLeafTakesTheChildren() {
        // Stabilities: 9 and 10 each 2 (1/2 - 1/3) = 1/3; 8 is 4 (1/3 - 1/33) = 40/33 > 2/3, so
        // excess of mass selects 8 (and 7, 2 (1/2 - 1/33)), while leaf selects 7, 9 and 10.
        Result eom = BruteForceHdbscan.fit(NESTED, Metric.EUCLIDEAN, 2, 1, false, 0, false);
        assertArrayEquals(new int[] {1, 1, 1, 1, 2, 2}, eom.labels());
        // Cluster 8's direct children die at 1/3 at most; its points leave at 1/2 > 1/3: 1.
        assertArrayEquals(filled(6, 1), eom.probabilities());
        Result leaf = BruteForceHdbscan.fit(NESTED, Metric.EUCLIDEAN, 2, 1, true, 0, false);
        assertArrayEquals(new int[] {1, 1, 2, 2, 3, 3}, leaf.labels());
        assertArrayEquals(filled(6, 1), leaf.probabilities());
        assertArrayEquals(filled(6, 0), leaf.outlierScores());
    }

    @Test
    void epsilonReplacesLeavesByTheirAncestorBornAboveIt() {
        // Epsilon 4 with leaf: leaf 7 is born at distance 33 >= 4 and stays; 9 and 10 are born at
        // 3 < 4, and their parent 8 at 33 > 4: 8 replaces them, as excess of mass found.
        Result r = BruteForceHdbscan.fit(NESTED, Metric.EUCLIDEAN, 2, 1, true, 4, false);
        assertArrayEquals(new int[] {1, 1, 1, 1, 2, 2}, r.labels());
        // Epsilon 40: no ancestor below the root is born above 40, so each walk stops at the
        // root's child it passes (7, and 8 for 9 and 10) when no single cluster is allowed ...
        r = BruteForceHdbscan.fit(NESTED, Metric.EUCLIDEAN, 2, 1, true, 40, false);
        assertArrayEquals(new int[] {1, 1, 1, 1, 2, 2}, r.labels());
        // ... and at the root when it is: every point's lambda, 1/2, is at least 1/40.
        r = BruteForceHdbscan.fit(NESTED, Metric.EUCLIDEAN, 2, 1, true, 40, true);
        assertArrayEquals(filled(6, 1), r.probabilities());
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1}, r.labels());
    }

    @Test
    void epsilonMergesTwoCloseGroupsIntoTheRoot() {
        // twoGroupsOnALine: clusters 7 and 8 are born at distance 8 < 10, their parent is the root.
        double[][] rows = line(0, 1, 2, 10, 11, 12);
        Result r = BruteForceHdbscan.fit(rows, Metric.EUCLIDEAN, 2, 2, false, 10, true);
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1}, r.labels());
        // The root dies at 1/8; the points leave at 1 > 1/8: probability 1.
        assertArrayEquals(filled(6, 1), r.probabilities());
        // Without a single cluster allowed the walks stop at 7 and 8 themselves.
        r = BruteForceHdbscan.fit(rows, Metric.EUCLIDEAN, 2, 2, false, 10, false);
        assertArrayEquals(new int[] {1, 1, 1, 2, 2, 2}, r.labels());
        // Epsilon 5 < 8 changes nothing.
        r = BruteForceHdbscan.fit(rows, Metric.EUCLIDEAN, 2, 2, false, 5, true);
        assertArrayEquals(new int[] {1, 1, 1, 2, 2, 2}, r.labels());
    }

    @Test
    void singleClusterOnlyWhenAllowed() {
        // Rows at x = 0 1 2 3 50, minSamples 2, m = 3: core distances 1 1 1 1 47. Merges 5 = (0, 1),
        // 6 = (2, 5), 7 = (3, 6) at 1, 8 = (4, 7) at 47. No split leaves two children of size 3,
        // so the condensed tree is the root (5) alone: point 4 leaves at 1/47, the others at 1.
        double[][] rows = line(0, 1, 2, 3, 50);
        Result r = BruteForceHdbscan.fit(rows, Metric.EUCLIDEAN, 3, 2, false, 0, false);
        assertArrayEquals(new double[] {1, 1, 1, 1, 47}, r.coreDistances());
        assertEquals(
                List.of(
                        new CondensedRow(5, 4, 1.0 / 47, 1),
                        new CondensedRow(5, 3, 1, 1),
                        new CondensedRow(5, 2, 1, 1),
                        new CondensedRow(5, 0, 1, 1),
                        new CondensedRow(5, 1, 1, 1)),
                r.condensed());
        // The root is not a candidate: all noise.
        assertArrayEquals(new int[] {-1, -1, -1, -1, -1}, r.labels());
        assertArrayEquals(filled(5, 0), r.probabilities());
        // GLOSH does not depend on the selection: row 4 scores (1 - 1/47) / 1.
        assertArrayEquals(new double[] {0, 0, 0, 0, 1 - 1.0 / 47}, r.outlierScores());
        // Allowed, the root is selected; a point is labelled when its lambda reaches the largest
        // lambda among the root's rows, 1: row 4 (1/47) stays noise.
        r = BruteForceHdbscan.fit(rows, Metric.EUCLIDEAN, 3, 2, false, 0, true);
        assertArrayEquals(new int[] {1, 1, 1, 1, -1}, r.labels());
        assertArrayEquals(new double[] {1, 1, 1, 1, 0}, r.probabilities());
        // Leaf selection finds no leaf without cluster rows: all noise even when allowed.
        r = BruteForceHdbscan.fit(rows, Metric.EUCLIDEAN, 3, 2, true, 0, true);
        assertArrayEquals(new int[] {-1, -1, -1, -1, -1}, r.labels());
    }

    @Test
    void duplicatesGiveInfiniteLambdas() {
        // Rows at x = 0 0 0 5 5 5, minSamples 2: core distances 0. Zero-weight edges (0, 1), (0, 2),
        // (3, 4), (3, 5), then (0, 3) at 5, the least pair by endpoints among those at 5.
        Result r = eom(line(0, 0, 0, 5, 5, 5), 2, 2);
        assertArrayEquals(filled(6, 0), r.coreDistances());
        assertArrayEquals(new double[][] {{0, 1, 0}, {0, 2, 0}, {3, 4, 0}, {3, 5, 0}, {0, 3, 5}}, r.mst());
        assertEquals(
                List.of(
                        new CondensedRow(6, 7, 0.2, 3),
                        new CondensedRow(6, 8, 0.2, 3),
                        new CondensedRow(7, 2, INF, 1),
                        new CondensedRow(8, 5, INF, 1),
                        new CondensedRow(7, 0, INF, 1),
                        new CondensedRow(7, 1, INF, 1),
                        new CondensedRow(8, 3, INF, 1),
                        new CondensedRow(8, 4, INF, 1)),
                r.condensed());
        // Stabilities infinite, both selected; infinite lambdas give probability 1, GLOSH 0.
        assertArrayEquals(new int[] {1, 1, 1, 2, 2, 2}, r.labels());
        assertArrayEquals(filled(6, 1), r.probabilities());
        assertArrayEquals(filled(6, 0), r.outlierScores());
    }

    @Test
    void labelsFollowTheSmallestRowOfEachCluster() {
        // twoGroupsOnALine with the groups interleaved in row order: the group of row 0 is 1.
        Result r = eom(line(11, 0, 10, 1, 12, 2), 2, 2);
        assertArrayEquals(new int[] {1, 2, 1, 2, 1, 2}, r.labels());
        r = eom(line(1, 11, 0, 10, 2, 12), 2, 2);
        assertArrayEquals(new int[] {1, 2, 1, 2, 1, 2}, r.labels());
    }

    @Test
    void theMetricIsUsed() {
        // Rows (0, 0), (1, 1), (2, 2): Manhattan distances 2 between neighbours, 4 end to end.
        double[][] rows = {{0, 0}, {1, 1}, {2, 2}};
        Result r = BruteForceHdbscan.fit(rows, Metric.MANHATTAN, 2, 2, false, 0, false);
        assertArrayEquals(filled(3, 2), r.coreDistances());
        assertArrayEquals(new double[][] {{0, 1, 2}, {1, 2, 2}}, r.mst());
        // Cosine: rows (1, 0), (2, 0), (0, 3) prepare to (1, 0), (1, 0), (0, 1): distances 0, 1, 1.
        rows = new double[][] {{1, 0}, {2, 0}, {0, 3}};
        r = BruteForceHdbscan.fit(rows, Metric.COSINE, 2, 1, false, 0, false);
        assertArrayEquals(new double[][] {{0, 1, 0}, {0, 2, 1}}, r.mst());
    }

    @Test
    void onePointIsNoise() {
        Result r = BruteForceHdbscan.fit(new double[][] {{3, 4}}, Metric.EUCLIDEAN, 2, 1, false, 0, true);
        assertArrayEquals(new double[] {0}, r.coreDistances());
        assertEquals(0, r.mst().length);
        assertEquals(List.of(), r.condensed());
        assertArrayEquals(new int[] {-1}, r.labels());
        assertArrayEquals(new double[] {0}, r.probabilities());
        assertArrayEquals(new double[] {0}, r.outlierScores());
    }

    @Test
    void rejectsParametersOutOfRange() {
        double[][] rows = line(0, 1, 2);
        assertThrows(
                IllegalArgumentException.class,
                () -> BruteForceHdbscan.fit(rows, Metric.EUCLIDEAN, 1, 1, false, 0, false));
        assertThrows(
                IllegalArgumentException.class,
                () -> BruteForceHdbscan.fit(rows, Metric.EUCLIDEAN, 2, 0, false, 0, false));
        assertThrows(
                IllegalArgumentException.class,
                () -> BruteForceHdbscan.fit(rows, Metric.EUCLIDEAN, 2, 4, false, 0, false));
        assertThrows(
                IllegalArgumentException.class,
                () -> BruteForceHdbscan.fit(rows, Metric.EUCLIDEAN, 2, 1, false, -1, false));
        assertThrows(
                IllegalArgumentException.class,
                () -> BruteForceHdbscan.fit(rows, Metric.EUCLIDEAN, 2, 1, false, Double.NaN, false));
        assertThrows(
                IllegalArgumentException.class,
                () -> BruteForceHdbscan.fit(new double[0][], Metric.EUCLIDEAN, 2, 1, false, 0, false));
    }
}

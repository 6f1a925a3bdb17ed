package dev.mvstat.spark;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mvstat.hdbscan.BruteForceHdbscan;
import dev.mvstat.hdbscan.ClusterSelection;
import dev.mvstat.hdbscan.HdbscanClusters;
import dev.mvstat.hdbscan.HdbscanSettings;
import dev.mvstat.linkage.Dendrogram;
import dev.mvstat.linkage.Edges;
import dev.mvstat.linkage.Metric;
import dev.mvstat.linkage.SpanningTree;
import dev.mvstat.mahalanobis.MahalanobisModel;
import dev.mvstat.mahalanobis.Regularization;
import dev.mvstat.testing.SparkTestSession;
import dev.mvstat.testing.TestData;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static dev.mvstat.testing.Close.assertCloseRelative;
import static dev.mvstat.testing.Partitions.assertSamePartition;
import static dev.mvstat.testing.Trees.assertSameTree;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Distributed single linkage against scipy, HDBSCAN*'s mutual reachability tree against a brute
 * force, and the same tree whatever the partitioning.
 */
class DistributedSingleLinkageTest {

    private static final SparkSession SPARK = SparkTestSession.get();

    private static double[] mergeDistances(Dendrogram d) {
        return IntStream.range(0, d.merges()).mapToDouble(d::distance).toArray();
    }

    private static void assertMatchesScipy(String name, String key, Dendrogram d) {
        double[] z = TestData.doubles(TestData.reference(name).get(key));
        double[] expected =
                IntStream.range(0, z.length / 4).mapToDouble(i -> z[4 * i + 2]).toArray();
        assertCloseRelative(expected, mergeDistances(d), 1e-9, name + " " + key);
    }

    @ParameterizedTest
    @CsvSource({"iris, kd-tree boruvka", "blobs3, kd-tree boruvka", "wine, blocked prim + kruskal"})
    void euclideanMatchesScipyWithItsFlatClusters(String name, String algorithm) {
        SpanningTree tree =
                DistributedSingleLinkage.spanningTree(DistributedCovarianceTest.rdd(name, 4), Metric.EUCLIDEAN);
        assertEquals(algorithm, tree.algorithm().label());
        Dendrogram d = tree.dendrogram();
        assertMatchesScipy(name, "linkage_single_euclidean", d);
        JsonNode labels = TestData.reference(name).get("labels_k3");
        assertSamePartition(
                Arrays.stream(TestData.doubles(labels)).mapToInt(x -> (int) x).toArray(), d.clustersOf(3));
    }

    @ParameterizedTest
    @CsvSource({"iris", "wine", "blobs3"})
    void mahalanobisWhitensRowsOnceAndMatchesScipy(String name) {
        JavaRDD<double[]> rows = DistributedCovarianceTest.rdd(name, 3).cache();
        MahalanobisModel model = DistributedMahalanobis.fit(
                rows, DistributedCovarianceTest.columns(TestData.reference(name)), Regularization.none());
        JavaRDD<double[]> white = DistributedMahalanobis.whitened(rows, model, new double[model.dimension()]);
        assertMatchesScipy(name, "linkage_single_mahalanobis", DistributedSingleLinkage.fit(white, Metric.EUCLIDEAN));
        rows.unpersist();
    }

    @ParameterizedTest
    @CsvSource({"blobs3, EUCLIDEAN", "wine, EUCLIDEAN", "iris, MANHATTAN", "iris, COSINE"})
    void theSameTreeForOneFourAnd32Partitions(String name, Metric metric) {
        Edges one = DistributedSingleLinkage.spanningTree(DistributedCovarianceTest.rdd(name, 1), metric)
                .edges();
        for (int partitions : new int[] {4, 32}) {
            assertSameTree(
                    one,
                    DistributedSingleLinkage.spanningTree(DistributedCovarianceTest.rdd(name, partitions), metric)
                            .edges());
        }
    }

    @Test
    void theBlockedSchemeGivesTheBoruvkaTreeForAnyNumberOfBlocks() {
        JavaRDD<double[]> rows = DistributedCovarianceTest.rdd("iris", 4).cache();
        int n = (int) rows.count();
        Edges boruvka = DistributedSingleLinkage.boruvka(rows, n, 4, 3, 1).edges();
        for (int blocks : new int[] {1, 2, 7, 16}) {
            assertSameTree(
                    boruvka,
                    DistributedSingleLinkage.blocked(
                                    rows,
                                    Metric.EUCLIDEAN,
                                    DistributedSingleLinkage.shape(rows).offsets(),
                                    blocks,
                                    1)
                            .edges());
        }
        rows.unpersist();
    }

    @Test
    void datasetColumnsByName() {
        Dataset<Row> iris = SPARK.read()
                .option("header", "true")
                .option("inferSchema", "true")
                .csv(TestData.csvFile("iris").toString());
        Dendrogram d = DistributedSingleLinkage.fit(
                iris, DistributedCovarianceTest.columns(TestData.reference("iris")), Metric.EUCLIDEAN);
        assertMatchesScipy("iris", "linkage_single_euclidean", d);
    }

    @Test
    void oneRowHasNoMerges() {
        JavaRDD<double[]> one =
                JavaSparkContext.fromSparkContext(SPARK.sparkContext()).parallelize(List.of(new double[] {1, 2, 3}), 2);
        assertEquals(0, DistributedSingleLinkage.fit(one, Metric.EUCLIDEAN).merges());
        assertEquals(0, DistributedSingleLinkage.fit(one, Metric.MANHATTAN).merges());
    }

    /** 300 rows in 3-D: two Gaussian blobs, a line of repeated rows and uniform background. */
    private static List<double[]> blobsWithNoise() {
        Random random = new Random(11);
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            double[] x = new double[3];
            for (int k = 0; k < 3; k++) {
                x[k] = i < 120
                        ? random.nextGaussian()
                        : i < 240
                                ? 6 + random.nextGaussian()
                                : i < 260 ? Math.floor(i / 5.0) : 16 * random.nextDouble() - 5;
            }
            rows.add(x);
        }
        return rows;
    }

    @ParameterizedTest
    @CsvSource({"EUCLIDEAN, 1", "EUCLIDEAN, 4", "EUCLIDEAN, 32", "MANHATTAN, 1", "MANHATTAN, 4", "MANHATTAN, 32"})
    void hdbscanEqualsTheBruteForceForAnyPartitioning(Metric metric, int partitions) {
        List<double[]> rows = blobsWithNoise();
        HdbscanSettings settings = new HdbscanSettings(12, 6, ClusterSelection.EOM, 0, false);
        BruteForceHdbscan.Result expected =
                BruteForceHdbscan.fit(rows.toArray(double[][]::new), metric, 12, 6, false, 0, false);
        JavaRDD<double[]> rdd =
                JavaSparkContext.fromSparkContext(SPARK.sparkContext()).parallelize(rows, partitions);
        SpanningTree tree = DistributedSingleLinkage.reachabilityTree(rdd, metric, settings.minSamples());
        assertEquals(
                metric == Metric.EUCLIDEAN
                        ? SpanningTree.Algorithm.KD_TREE_BORUVKA
                        : SpanningTree.Algorithm.BLOCKED_PRIM_KRUSKAL,
                tree.algorithm());
        assertArrayEquals(expected.coreDistances(), tree.coreDistances(), 0);
        Edges sorted = tree.edges().sorted();
        for (int e = 0; e < sorted.size(); e++) {
            assertArrayEquals(
                    expected.mst()[e],
                    new double[] {
                        Math.min(sorted.u(e), sorted.v(e)), Math.max(sorted.u(e), sorted.v(e)), sorted.weight(e)
                    },
                    0,
                    "edge " + e);
        }
        HdbscanClusters clusters = HdbscanClusters.of(tree.dendrogram(), settings);
        assertArrayEquals(expected.labels(), clusters.labels());
        assertArrayEquals(expected.probabilities(), clusters.probabilities(), 0);
        assertArrayEquals(expected.outlierScores(), clusters.outlierScores(), 0);
    }

    @Test
    void theBlockedSchemeFindsTheKdTreesReachabilityTree() {
        JavaRDD<double[]> rows = JavaSparkContext.fromSparkContext(SPARK.sparkContext())
                .parallelize(blobsWithNoise(), 3)
                .cache();
        SpanningTree boruvka = DistributedSingleLinkage.boruvka(rows, 300, 3, 5, 7);
        for (int blocks : new int[] {1, 2, 9}) {
            SpanningTree blocked = DistributedSingleLinkage.blocked(
                    rows, Metric.EUCLIDEAN, DistributedSingleLinkage.shape(rows).offsets(), blocks, 7);
            assertArrayEquals(boruvka.coreDistances(), blocked.coreDistances(), 0);
            assertSameTree(boruvka.edges(), blocked.edges());
        }
        rows.unpersist();
    }

    @Test
    void rejectsMoreMinSamplesThanRows() {
        JavaRDD<double[]> rows = JavaSparkContext.fromSparkContext(SPARK.sparkContext())
                .parallelize(List.of(new double[] {1}, new double[] {2}), 2);
        assertThrows(
                IllegalArgumentException.class,
                () -> DistributedSingleLinkage.reachabilityTree(rows, Metric.EUCLIDEAN, 3));
    }
}

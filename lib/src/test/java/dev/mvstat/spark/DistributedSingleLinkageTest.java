package dev.mvstat.spark;

import com.fasterxml.jackson.databind.JsonNode;
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

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static dev.mvstat.testing.Close.assertCloseRelative;
import static dev.mvstat.testing.Partitions.assertSamePartition;
import static dev.mvstat.testing.Trees.assertSameTree;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Distributed single linkage against scipy, and the same tree whatever the partitioning. */
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
}

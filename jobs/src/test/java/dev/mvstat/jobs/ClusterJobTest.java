package dev.mvstat.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mvstat.testing.SparkTestSession;
import dev.mvstat.testing.TestData;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static dev.mvstat.testing.Close.assertCloseRelative;
import static dev.mvstat.testing.Partitions.assertSamePartition;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cluster job end to end: linkage, flat clusters and outputs against scipy. */
class ClusterJobTest {

    @TempDir
    Path tmp;

    static JobRunner.Result cluster(String input, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("cluster", "--input", input, "--output", out.toString()));
        args.addAll(List.of(extra));
        return JobRunner.run(args.toArray(new String[0]));
    }

    /** The distance column of linkage.csv. */
    static double[] mergeDistances(Path out) throws IOException {
        List<String> lines = Files.readAllLines(out.resolve("linkage.csv"));
        assertEquals("left,right,distance,size", lines.get(0));
        return lines.subList(1, lines.size()).stream()
                .mapToDouble(l -> Double.parseDouble(l.split(",")[2]))
                .toArray();
    }

    /** The cluster of each row of labels/, by row_index. */
    static int[] labels(Path out) {
        return SparkTestSession.get()
                .read()
                .parquet(out.resolve("labels").toString())
                .orderBy("row_index")
                .collectAsList()
                .stream()
                .mapToInt(r -> r.getInt(1))
                .toArray();
    }

    private static double[] referenceDistances(String name, String key) {
        double[] z = TestData.doubles(TestData.reference(name).get(key));
        double[] out = new double[z.length / 4];
        for (int i = 0; i < out.length; i++) {
            out[i] = z[4 * i + 2];
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"iris", "wine", "blobs3"})
    void euclideanLinkageAndFlatClustersMatchScipy(String name) throws IOException {
        Path out = tmp.resolve("out");
        JobRunner.Result r = cluster(TestData.csvFile(name).toString(), out, "--k", "3");
        assertEquals(0, r.exitCode(), r.stderr());
        assertCloseRelative(referenceDistances(name, "linkage_single_euclidean"), mergeDistances(out), 1e-9, name);
        int[] expected = Arrays.stream(TestData.doubles(TestData.reference(name).get("labels_k3")))
                .mapToInt(x -> (int) x)
                .toArray();
        assertSamePartition(expected, labels(out));
        int n = expected.length;
        assertEquals(n, Files.readAllLines(out.resolve("mst.csv")).size(), "header and n-1 edges");
        JsonNode summary = CovarianceJobTest.json(out.resolve("summary.json"));
        assertEquals(n, summary.get("observations").asInt());
        assertEquals(3, summary.get("clusters").asInt());
        assertEquals(largestFirst(expected), clusterSizes(summary), "largest first");
        assertEquals(3, summary.get("criterion").get("maxclust").asInt());
        assertEquals("single linkage", summary.get("method").asText());
        assertFalse(summary.has("noise") || summary.has("min_cluster_size"), "no HDBSCAN* fields");
        assertFalse(Files.exists(out.resolve("condensed_tree.csv")));
        assertEquals(
                List.of("row_index", "cluster"),
                List.of(SparkTestSession.get()
                        .read()
                        .parquet(out.resolve("labels").toString())
                        .columns()));
        String report = Files.readString(out.resolve("report.html"));
        assertTrue(report.contains("Dendrogram") && report.contains("<figure class=\"chart\">"));
        assertTrue(report.contains("coloured by flat cluster"), "the scatter-plot matrix");
        assertTrue(Files.exists(out.resolve("_SUCCESS")));
    }

    @Test
    void mahalanobisMatchesScipyWithOrWithoutAModel() throws IOException {
        String wine = TestData.csvFile("wine").toString();
        Path out = tmp.resolve("out");
        assertEquals(0, cluster(wine, out, "--metric", "mahalanobis").exitCode());
        double[] expected = referenceDistances("wine", "linkage_single_mahalanobis");
        assertCloseRelative(expected, mergeDistances(out), 1e-9, "wine");
        assertEquals(
                "none",
                CovarianceJobTest.json(out.resolve("summary.json"))
                        .get("regularization")
                        .asText());
        Path model = tmp.resolve("model");
        assertEquals(
                0,
                JobRunner.run("covariance", "--input", wine, "--output", model.toString())
                        .exitCode());
        Path withModel = tmp.resolve("with-model");
        assertEquals(
                0,
                cluster(
                                wine,
                                withModel,
                                "--metric",
                                "mahalanobis",
                                "--model",
                                model.resolve("model.json").toString())
                        .exitCode());
        assertCloseRelative(expected, mergeDistances(withModel), 1e-9, "wine with --model");
    }

    @ParameterizedTest
    @ValueSource(strings = {"euclidean", "mahalanobis"})
    void hdbscanWritesAConsistentCondensedTreeAndLabels(String metric) throws IOException {
        Path out = tmp.resolve("out");
        JobRunner.Result r =
                cluster(TestData.csvFile("iris").toString(), out, "--metric", metric, "--min-cluster-size", "10");
        assertEquals(0, r.exitCode(), r.stderr());
        JsonNode summary = assertHdbscanOutputs(out, r.stdout());
        assertEquals(10, summary.get("min_cluster_size").asInt());
        assertEquals(10, summary.get("min_samples").asInt(), "min samples default to the minimum cluster size");
        assertEquals("eom", summary.get("cluster_selection").asText());
        assertEquals(0.0, summary.get("cluster_selection_epsilon").asDouble());
        assertFalse(summary.get("allow_single_cluster").asBoolean());
        assertEquals(metric, summary.get("metric").asText());
        String report = Files.readString(out.resolve("report.html"));
        assertTrue(report.contains("Condensed tree") && report.contains("coloured by cluster"), "the figures");
    }

    @Test
    void hdbscanTakesItsSelectionOptions() throws IOException {
        Path out = tmp.resolve("out");
        JobRunner.Result r = cluster(
                TestData.csvFile("iris").toString(),
                out,
                "--min-cluster-size",
                "5",
                "--min-samples",
                "3",
                "--cluster-selection",
                "leaf",
                "--cluster-selection-epsilon",
                "0.25",
                "--allow-single-cluster",
                "--output-format",
                "csv");
        assertEquals(0, r.exitCode(), r.stderr());
        JsonNode summary = assertHdbscanOutputs(out, r.stdout());
        assertEquals(3, summary.get("min_samples").asInt());
        assertEquals("leaf", summary.get("cluster_selection").asText());
        assertEquals(0.25, summary.get("cluster_selection_epsilon").asDouble());
        assertTrue(summary.get("allow_single_cluster").asBoolean());
    }

    @Test
    void aMinimumClusterSizeAboveHalfTheRowsLeavesNoiseOrTheOneCluster() throws IOException {
        String iris = TestData.csvFile("iris").toString();
        Path noise = tmp.resolve("noise");
        JobRunner.Result r = cluster(iris, noise, "--min-cluster-size", "100");
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stdout().contains("no clusters, 150 noise rows"), r.stdout());
        assertEquals(150, assertHdbscanOutputs(noise, r.stdout()).get("noise").asInt());
        Path single = tmp.resolve("single");
        r = cluster(iris, single, "--min-cluster-size", "100", "--allow-single-cluster");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals(1, assertHdbscanOutputs(single, r.stdout()).get("clusters").asInt());
    }

    /**
     * Checks HDBSCAN*'s outputs against each other: every row leaves the condensed tree once, each
     * cluster's size is its rows; labels/ agrees with summary.json and the success line.
     *
     * @return summary.json
     */
    private static JsonNode assertHdbscanOutputs(Path out, String stdout) throws IOException {
        JsonNode summary = CovarianceJobTest.json(out.resolve("summary.json"));
        assertEquals("hdbscan", summary.get("method").asText());
        assertTrue(summary.get("core_distance_seconds").asDouble() >= 0);
        int n = summary.get("observations").asInt();
        assertEquals(n - 1, mergeDistances(out).length, "linkage.csv of the mutual reachability distances");
        assertCondensedTreeConsistent(Files.readAllLines(out.resolve("condensed_tree.csv")), n);
        List<Row> rows = labelRows(out);
        assertEquals(n, rows.size());
        int[] labels = rows.stream()
                .mapToInt(row -> Integer.parseInt(row.get(1).toString()))
                .toArray();
        int clusters = summary.get("clusters").asInt();
        int next = 1;
        long noise = 0;
        for (int i = 0; i < n; i++) {
            assertTrue(labels[i] == -1 || (labels[i] >= 1 && labels[i] <= next), "numbered by first row: " + i);
            next = labels[i] == next ? next + 1 : next;
            double probability = Double.parseDouble(rows.get(i).get(2).toString());
            double score = Double.parseDouble(rows.get(i).get(3).toString());
            assertTrue(probability >= 0 && probability <= 1 && score >= 0 && score <= 1, "row " + i);
            if (labels[i] == -1) {
                noise++;
                assertEquals(0.0, probability, "noise has probability 0");
            }
        }
        assertEquals(clusters + 1, next, "labels 1..m");
        assertEquals(noise, summary.get("noise").asLong());
        assertEquals(
                largestFirst(Arrays.stream(labels).filter(label -> label > 0).toArray()),
                clusterSizes(summary),
                "largest first");
        assertTrue(
                stdout.contains((clusters == 0 ? "no clusters" : clusters + " clusters of "))
                        && stdout.contains(", " + noise + " noise row"),
                stdout);
        assertTrue(Files.exists(out.resolve("_SUCCESS")));
        return summary;
    }

    /** Every row index 0..n-1 leaves exactly once as a point; a cluster row's size is the points under it. */
    private static void assertCondensedTreeConsistent(List<String> lines, int n) {
        assertEquals("parent,child,lambda_val,child_size", lines.get(0));
        int[] seen = new int[n];
        Map<Integer, Integer> parentOf = new HashMap<>();
        Map<Integer, Integer> declared = new HashMap<>();
        Map<Integer, Integer> points = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            int parent = Integer.parseInt(f[0]);
            int child = Integer.parseInt(f[1]);
            assertTrue(Double.parseDouble(f[2]) > 0, line);
            int size = Integer.parseInt(f[3]);
            if (child < n) {
                assertEquals(1, size, line);
                seen[child]++;
                for (int c = parent; c >= n; c = parentOf.getOrDefault(c, -1)) {
                    points.merge(c, 1, Integer::sum);
                }
            } else {
                assertTrue(parent < child, "parents numbered first: " + line);
                parentOf.put(child, parent);
                declared.put(child, size);
            }
        }
        assertArrayEquals(IntStream.generate(() -> 1).limit(n).toArray(), seen, "each row a point child once");
        assertEquals(n, points.get(n), "the root holds every row");
        declared.forEach((cluster, size) -> assertEquals(size, points.get(cluster), "size of cluster " + cluster));
    }

    /** The rows of labels/ (Parquet or CSV), by row_index, after checking its columns. */
    private static List<Row> labelRows(Path out) throws IOException {
        boolean parquet;
        try (Stream<Path> files = Files.list(out.resolve("labels"))) {
            parquet = files.anyMatch(f -> f.toString().endsWith(".parquet"));
        }
        String path = out.resolve("labels").toString();
        DataFrameReader reader = SparkTestSession.get().read();
        Dataset<Row> labels =
                parquet ? reader.parquet(path) : reader.option("header", "true").csv(path);
        assertEquals(List.of("row_index", "cluster", "probability", "outlier_score"), List.of(labels.columns()));
        return labels.orderBy(labels.col("row_index").cast("long")).collectAsList();
    }

    @Test
    void distanceThresholdCutsAndIdColumnKeysTheLabelsInCsv() throws IOException {
        String input = JobRunner.write(tmp, "in.csv", "name,x,y\na,0,0\nb,0,1\nc,5,5\nd,5,6.5\ne,20,20\n")
                .toString();
        Path out = tmp.resolve("out");
        JobRunner.Result r =
                cluster(input, out, "--id-column", "name", "--distance-threshold", "1.5", "--output-format", "csv");
        assertEquals(0, r.exitCode(), r.stderr());
        List<Row> rows = SparkTestSession.get()
                .read()
                .option("header", "true")
                .csv(out.resolve("labels").toString())
                .orderBy("name")
                .collectAsList();
        assertEquals(
                List.of("a:1", "b:1", "c:2", "d:2", "e:3"),
                rows.stream()
                        .map(row -> row.getString(0) + ":" + row.getString(1))
                        .toList());
        assertArrayEquals(new double[] {1, 1.5, Math.sqrt(41), Math.sqrt(407.25)}, mergeDistances(out), 0.0);
    }

    /** @return the rows of each label, largest first */
    private static List<Long> largestFirst(int[] labels) {
        return Arrays.stream(labels)
                .boxed()
                .collect(Collectors.groupingBy(x -> x, Collectors.counting()))
                .values()
                .stream()
                .sorted(Comparator.reverseOrder())
                .toList();
    }

    /** @return summary.json's cluster_sizes */
    private static List<Long> clusterSizes(JsonNode summary) {
        List<Long> sizes = new ArrayList<>();
        summary.get("cluster_sizes").forEach(size -> sizes.add(size.asLong()));
        return sizes;
    }
}

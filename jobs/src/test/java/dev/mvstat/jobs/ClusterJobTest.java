package dev.mvstat.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mvstat.testing.SparkTestSession;
import dev.mvstat.testing.TestData;
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
import java.util.List;
import java.util.stream.Collectors;

import static dev.mvstat.testing.Close.assertCloseRelative;
import static dev.mvstat.testing.Partitions.assertSamePartition;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
        List<Long> sizes = new ArrayList<>();
        summary.get("cluster_sizes").forEach(s -> sizes.add(s.asLong()));
        assertEquals(
                Arrays.stream(expected)
                        .boxed()
                        .collect(Collectors.groupingBy(x -> x, Collectors.counting()))
                        .values()
                        .stream()
                        .sorted(Comparator.reverseOrder())
                        .toList(),
                sizes,
                "largest first");
        assertEquals(3, summary.get("criterion").get("maxclust").asInt());
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
}

package dev.mvstat.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mvstat.jobs.output.OutputLock;
import dev.mvstat.jobs.report.HtmlReport;
import dev.mvstat.testing.SparkTestSession;
import dev.mvstat.testing.TestData;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pipeline job end to end: stage outputs as the standalone jobs write them, summary, report, resume, failures. */
class PipelineJobTest {

    private static final List<String> STAGES = List.of("covariance", "mahalanobis", "cluster", "fit-gaussian");
    private static final String IRIS_COLUMNS = "sepal_length,sepal_width,petal_length,petal_width";

    /** One complete run on iris, which several tests read. */
    @TempDir
    static Path shared;

    private static Path iris;
    private static JobRunner.Result irisRun;

    @TempDir
    Path tmp;

    /** Runs the pipeline with L-BFGS, the quickest optimizer on small data. */
    private static JobRunner.Result pipeline(String input, Path out, String... extra) {
        List<String> args = new ArrayList<>(
                List.of("pipeline", "--input", input, "--output", out.toString(), "--optimizer", "lbfgs"));
        args.addAll(List.of(extra));
        return JobRunner.run(args.toArray(new String[0]));
    }

    private static String irisFile() {
        return TestData.csvFile("iris").toString();
    }

    @BeforeAll
    static void runOnIris() {
        iris = shared.resolve("iris");
        irisRun = pipeline(irisFile(), iris);
        assertEquals(0, irisRun.exitCode(), irisRun.stderr());
    }

    private static JsonNode summary(Path out) throws IOException {
        return CovarianceJobTest.json(out.resolve("summary.json"));
    }

    /** @return whether each stage was skipped, in order */
    private static List<Boolean> skipped(Path out) throws IOException {
        List<Boolean> skipped = new ArrayList<>();
        summary(out).get("stages").forEach(s -> skipped.add(s.get("skipped").asBoolean()));
        return skipped;
    }

    private static Dataset<Row> parquet(Path dir) {
        return SparkTestSession.get().read().parquet(dir.toString());
    }

    /** @return a table of rows keyed by row_index, in that order */
    private static Dataset<Row> byRowIndex(Path dir) {
        return parquet(dir).orderBy("row_index");
    }

    @Test
    void everyStageHasItsDirectoryAndThePipelineItsSummaryAndReport() throws IOException {
        for (String dir : List.of("covariance", "mahalanobis", "cluster", "cluster-labelled", "fit-gaussian")) {
            assertTrue(Files.exists(iris.resolve(dir).resolve("_SUCCESS")), dir);
        }
        assertTrue(Files.exists(iris.resolve("_SUCCESS")));
        JsonNode summary = summary(iris);
        assertEquals("succeeded", summary.get("status").asText());
        assertEquals(0, summary.get("exit_code").asInt());
        Map<String, String> inputs = new TreeMap<>();
        for (int i = 0; i < STAGES.size(); i++) {
            JsonNode stage = summary.get("stages").get(i);
            assertEquals(STAGES.get(i), stage.get("stage").asText());
            assertEquals("succeeded", stage.get("status").asText());
            assertFalse(stage.get("skipped").asBoolean());
            assertEquals(0, stage.get("exit_code").asInt());
            assertEquals(64, stage.get("output_fingerprint").asText().length());
            List<String> read = new ArrayList<>();
            stage.get("input_fingerprints").fieldNames().forEachRemaining(read::add);
            inputs.put(STAGES.get(i), String.join(",", read));
        }
        assertEquals(
                Map.of(
                        "covariance",
                        "input",
                        "mahalanobis",
                        "input,covariance",
                        "cluster",
                        "input,covariance",
                        "fit-gaussian",
                        "mahalanobis,cluster"),
                inputs);
        assertEquals(
                summary.get("input_fingerprint"),
                summary.get("stages").get(0).get("input_fingerprints").get("input"));
        assertEquals(
                150,
                summary.get("stages").get(0).get("key_figures").get("rows_used").asInt());
        assertEquals(
                150,
                summary.get("stages")
                        .get(1)
                        .get("key_figures")
                        .get("rows_scored")
                        .asInt());
        JsonNode cluster = summary.get("stages").get(2).get("key_figures");
        assertEquals("hdbscan", cluster.get("method").asText(), "HDBSCAN* unless a flat cut is asked for");
        assertEquals(5, cluster.get("min_cluster_size").asInt(), "auto: max(5, 150 / 100)");
        assertEquals(2, cluster.get("clusters").asInt());

        String report = Files.readString(iris.resolve("report.html"));
        for (String stage : STAGES) {
            assertTrue(report.contains("<a href=\"" + stage + "/report.html\">"), stage);
            String stageFigure = HtmlReport.figures(
                            Files.readString(iris.resolve(stage).resolve("report.html")))
                    .get(0);
            assertTrue(stageFigure.contains("<script type=\"application/json\">"), stage);
            assertTrue(report.contains(stageFigure), stage + "'s first figure embedded as it is");
        }
        assertEquals(STAGES.size(), HtmlReport.figures(report).size());
    }

    /** The pipeline's report in a real browser: it renders, with the stages' figures. */
    @Test
    void nothingButTheDirectoryIsLeftNoLockStagingOrChecksumFile() {
        JobRunner.assertOnlyOutput(iris);
    }

    @Test
    void theReportRendersWithItsFiguresInHeadlessChromium() throws Exception {
        HeadlessChromium.assertRendersWithFigures(iris.resolve("report.html"), tmp);
    }

    @Test
    void clustersOfAtMostDRowsAreLeftOutOfTheFitWithAWarning() throws IOException {
        Path out = tmp.resolve("k3");
        JobRunner.Result run = pipeline(irisFile(), out, "--k", "3");
        assertEquals(0, run.exitCode(), run.stderr());
        Map<String, Long> sizes = clusterSizes(out);
        assertEquals(150, sizes.values().stream().mapToLong(Long::longValue).sum());
        List<String> small =
                sizes.keySet().stream().filter(c -> sizes.get(c) <= 4).toList();
        assertFalse(small.isEmpty(), "single linkage on iris gives clusters of 1 and 2 rows: " + sizes);

        assertEquals(sizes.keySet().stream().filter(c -> sizes.get(c) > 4).toList(), fittedGroups(out));
        JsonNode summary = summary(out);
        assertEquals(
                small.toString().replace(" ", ""),
                summary.get("stages")
                        .get(3)
                        .get("key_figures")
                        .get("groups_left_out")
                        .toString()
                        .replace("\"", ""));
        String warnings = summary.get("warnings").toString();
        for (String c : small) {
            assertTrue(warnings.contains("fit-gaussian: group '" + c + "': " + sizes.get(c) + " rows"), warnings);
        }
        assertTrue(warnings.contains("left out of the fit"), warnings);
        String tooSmall = "2 of 3 clusters (3 of 150 rows) have fewer than 5 rows, too few for a Gaussian of 4"
                + " columns: fit-gaussian leaves them out";
        assertTrue(warnings.contains("\"pipeline: " + tooSmall + "\""), warnings);
        assertTrue(run.stdout().contains("; 3 clusters of 147, 2, 1 rows; " + tooSmall + ")"), run.stdout());
        String report = Files.readString(out.resolve("report.html"));
        for (String row : List.of(
                "<tr><td>147</td><td>1</td><td>147</td><td>yes</td></tr>",
                "<tr><td>2</td><td>1</td><td>2</td><td>no: left out of fit-gaussian</td></tr>",
                "<tr><td>1</td><td>1</td><td>1</td><td>no: left out of fit-gaussian</td></tr>")) {
            assertTrue(report.contains(row), row);
        }
    }

    /** @return the rows of each cluster in DIR/cluster-labelled/rows/, by label */
    private static Map<String, Long> clusterSizes(Path out) {
        Map<String, Long> sizes = new TreeMap<>();
        parquet(out.resolve("cluster-labelled/rows"))
                .groupBy("cluster")
                .count()
                .collectAsList()
                .forEach(r -> sizes.put(String.valueOf(r.getInt(0)), r.getLong(1)));
        return sizes;
    }

    /** @return the groups fit-gaussian fitted */
    private static List<String> fittedGroups(Path out) throws IOException {
        List<String> fitted = new ArrayList<>();
        CovarianceJobTest.json(out.resolve("fit-gaussian/gaussian.json"))
                .get("groups")
                .fieldNames()
                .forEachRemaining(fitted::add);
        return fitted;
    }

    @Test
    void hdbscansClustersAreFittedAndItsNoiseRowsScoredButLeftOut() throws IOException {
        assertEquals(
                "[78,42]",
                summary(iris)
                        .get("stages")
                        .get(2)
                        .get("key_figures")
                        .get("cluster_sizes")
                        .toString());
        assertEquals(
                30,
                summary(iris)
                        .get("stages")
                        .get(2)
                        .get("key_figures")
                        .get("noise")
                        .asInt());
        assertEquals(Map.of("1", 42L, "2", 78L), clusterSizes(iris), "noise rows are not in cluster-labelled/");
        assertEquals(List.of("1", "2"), fittedGroups(iris));
        assertEquals(150, parquet(iris.resolve("mahalanobis/scores")).count(), "every row is scored");
        assertTrue(irisRun.stdout().contains("; 2 clusters of 78, 42 rows, 30 noise rows)"), irisRun.stdout());
        String report = Files.readString(iris.resolve("report.html"));
        assertTrue(report.contains("<h2>Cluster sizes</h2>"), report);
        for (String row : List.of(
                "<tr><td>78</td><td>1</td><td>78</td><td>yes</td></tr>",
                "<tr><td>42</td><td>1</td><td>42</td><td>yes</td></tr>")) {
            assertTrue(report.contains(row), row);
        }
    }

    @Test
    void stageOutputsEqualTheStandaloneJobs() throws IOException {
        String model = tmp.resolve("covariance/model.json").toString();
        String[][] runs = {
            {"covariance", "--input", irisFile()},
            {"mahalanobis", "--input", irisFile(), "--model", model},
            {"cluster", "--input", irisFile(), "--metric", "mahalanobis", "--model", model, "--min-cluster-size", "5"},
            {
                "fit-gaussian",
                "--input",
                iris.resolve("cluster-labelled/rows").toString(),
                "--columns",
                IRIS_COLUMNS,
                "--group-by",
                "cluster",
                "--on-no-mle",
                "skip",
                "--optimizer",
                "lbfgs"
            }
        };
        for (String[] run : runs) {
            List<String> args = new ArrayList<>(Arrays.asList(run));
            args.addAll(List.of("--output", tmp.resolve(run[0]).toString()));
            JobRunner.Result r = JobRunner.run(args.toArray(new String[0]));
            assertEquals(0, r.exitCode(), r.stderr());
        }
        for (String file : List.of(
                "covariance/model.json",
                "covariance/covariance.csv",
                "covariance/correlation.csv",
                "cluster/linkage.csv",
                "cluster/mst.csv",
                "fit-gaussian/gaussian.json",
                "fit-gaussian/trace.csv")) {
            assertArrayEquals(Files.readAllBytes(tmp.resolve(file)), Files.readAllBytes(iris.resolve(file)), file);
        }
        Dataset<Row> scores = byRowIndex(tmp.resolve("mahalanobis/scores"));
        Dataset<Row> labels = byRowIndex(tmp.resolve("cluster/labels"));
        assertEquals(
                scores.collectAsList(),
                byRowIndex(iris.resolve("mahalanobis/scores")).collectAsList());
        assertEquals(
                labels.collectAsList(),
                byRowIndex(iris.resolve("cluster/labels")).collectAsList());

        Dataset<Row> labelled = byRowIndex(iris.resolve("cluster-labelled/rows"));
        assertEquals(
                scores.join(labels.where("cluster <> -1"), "row_index")
                        .orderBy("row_index")
                        .selectExpr(scores.columns())
                        .collectAsList(),
                labelled.selectExpr(scores.columns()).collectAsList(),
                "scores joined");
        assertEquals(
                labels.where("cluster <> -1").collectAsList(),
                labelled.selectExpr(labels.columns()).collectAsList(),
                "with labels, noise left out");
    }

    @Test
    void resumeSkipsTheStagesThatAreUpToDateAndRerunsWhatChanged() throws IOException {
        Path out = tmp.resolve("out");
        assertEquals(0, pipeline(irisFile(), out).exitCode());
        JsonNode first = summary(out);

        JobRunner.Result again = pipeline(irisFile(), out, "--resume");
        assertEquals(0, again.exitCode(), again.stderr());
        assertEquals(List.of(true, true, true, true), skipped(out));
        for (int i = 0; i < STAGES.size(); i++) {
            assertEquals(
                    first.get("stages").get(i).get("output_fingerprint"),
                    summary(out).get("stages").get(i).get("output_fingerprint"),
                    STAGES.get(i));
        }
        assertTrue(Files.exists(out.resolve("_SUCCESS")));
        assertTrue(Files.readString(out.resolve("report.html")).contains("skipped: up to date"));

        assertEquals(0, pipeline(irisFile(), out, "--resume", "--k", "4").exitCode());
        assertEquals(List.of(true, true, false, false), skipped(out), "a new --k reruns cluster and what reads it");
        assertEquals(
                "4",
                summary(out).get("stages").get(2).get("parameters").get("k").asText());

        Files.delete(out.resolve("covariance/_SUCCESS"));
        assertEquals(0, pipeline(irisFile(), out, "--resume", "--k", "4").exitCode());
        assertEquals(
                List.of(false, false, false, false), skipped(out), "a new covariance output reruns every later stage");
    }

    @Test
    void metricAndDistanceThresholdGoToTheClusterStageAndAChangeRerunsItAndTheFit() throws IOException {
        Path out = tmp.resolve("out");
        assertEquals(0, pipeline(irisFile(), out).exitCode());

        JobRunner.Result euclidean = pipeline(irisFile(), out, "--resume", "--metric", "euclidean");
        assertEquals(0, euclidean.exitCode(), euclidean.stderr());
        assertEquals(List.of(true, true, false, false), skipped(out), "a new --metric reruns cluster and the fit");
        JsonNode cluster = summary(out).get("stages").get(2);
        assertEquals("euclidean", cluster.get("parameters").get("metric").asText());
        assertEquals("auto", cluster.get("parameters").get("min-cluster-size").asText());
        assertFalse(cluster.get("parameters").has("model"), "only the Mahalanobis metric reads the model");
        assertEquals(List.of("input"), fieldNames(cluster.get("input_fingerprints")));
        assertEquals("[100,50]", cluster.get("key_figures").get("cluster_sizes").toString());

        JobRunner.Result cut =
                pipeline(irisFile(), out, "--resume", "--metric", "euclidean", "--distance-threshold", "1");
        assertEquals(0, cut.exitCode(), cut.stderr());
        assertEquals(List.of(true, true, false, false), skipped(out), "a new cut reruns cluster and the fit");
        cluster = summary(out).get("stages").get(2);
        assertEquals("1.0", cluster.get("parameters").get("distance-threshold").asText());
        assertFalse(cluster.get("parameters").has("min-cluster-size"));
        assertEquals("[100,50]", cluster.get("key_figures").get("cluster_sizes").toString());
        assertTrue(cut.stdout().contains("; 2 clusters of 100, 50 rows)"), cut.stdout());
        assertFalse(summary(out).get("warnings").toString().contains("pipeline:"), "no cluster too small");
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void aFailingStageStopsThePipelineWithItsExitCodeAndALineNamingIt() throws IOException {
        Path input = JobRunner.write(tmp, "bad.csv", "a,b\n1,2\n2,x\n3,1\n");
        Path out = tmp.resolve("out");
        JobRunner.assertFails(
                pipeline(input.toString(), out), 3, out, "stage covariance failed", "row 2", "column 'b'");
        JsonNode summary = summary(out);
        assertEquals("failed", summary.get("status").asText());
        assertEquals(3, summary.get("exit_code").asInt());
        assertEquals("failed", summary.get("stages").get(0).get("status").asText());
        assertEquals(3, summary.get("stages").get(0).get("exit_code").asInt());
        for (int i = 1; i < STAGES.size(); i++) {
            assertEquals("not_run", summary.get("stages").get(i).get("status").asText(), STAGES.get(i));
        }
        assertFalse(Files.exists(out.resolve("report.html")));
    }

    @Test
    void aSingularCovarianceFailsTheMahalanobisStageWithExitCode4() throws IOException {
        Path out = tmp.resolve("out");
        JobRunner.assertFails(
                pipeline(TestData.csvFile("collinear").toString(), out),
                4,
                out,
                "stage mahalanobis failed: numerical error");
        assertTrue(Files.exists(out.resolve("covariance/_SUCCESS")));
        assertEquals(
                "succeeded", summary(out).get("stages").get(0).get("status").asText());
    }

    @Test
    void anExistingDirectoryNeedsOverwriteOrResumeNotBoth() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("out"));
        JobRunner.write(out, "old.txt", "x");
        JobRunner.assertFails(pipeline(irisFile(), out), 2, out, "exists and is not empty", "--overwrite", "--resume");
        JobRunner.assertFails(pipeline(irisFile(), out, "--resume", "--overwrite"), 2, out, "not both");
        JobRunner.assertFails(pipeline(irisFile(), out, "--regularization", "ledoit-wolf"), 2, out, "use oas");
        JobRunner.assertFails(
                pipeline(irisFile(), out, "--k", "2", "--distance-threshold", "1"),
                2,
                out,
                "--k or --distance-threshold");
        assertTrue(Files.exists(out.resolve("old.txt")));
    }

    @Test
    void aDirectoryAnotherRunIsWritingIsLeftAlone() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("out"));
        JobRunner.write(out, "old.txt", "x");
        FileSystem fs = FileSystem.getLocal(new Configuration());
        JobRunner.Result r;
        try (OutputLock held =
                OutputLock.acquire(fs, fs.makeQualified(new org.apache.hadoop.fs.Path(out.toString())))) {
            r = pipeline(irisFile(), out, "--overwrite");
        }
        JobRunner.assertFails(r, 2, out, "is being written by another run");
        assertTrue(Files.exists(out.resolve("old.txt")));
    }

    /** Two groups of six rows, far apart; {@code name} identifies the rows unless {@code repeated} says otherwise. */
    private Path twoGroups(String repeated) {
        String[] names = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", repeated};
        double[][] xy = {{0, 0}, {1, 0.2}, {0.3, 1}, {1.2, 1.1}, {0.5, 0.4}, {0.8, 1.9}};
        StringBuilder csv = new StringBuilder("name,x,y\n");
        for (int i = 0; i < names.length; i++) {
            double shift = i < 6 ? 0 : 10;
            csv.append(names[i])
                    .append(',')
                    .append(xy[i % 6][0] + shift)
                    .append(',')
                    .append(xy[i % 6][1] - shift)
                    .append('\n');
        }
        return JobRunner.write(tmp, "groups.csv", csv.toString());
    }

    @Test
    void anIdColumnKeysTheLabelledRows() {
        Path out = tmp.resolve("out");
        JobRunner.Result r = pipeline(twoGroups("l").toString(), out, "--id-column", "name", "--k", "2");
        assertEquals(0, r.exitCode(), r.stderr());
        List<String> labelled =
                parquet(out.resolve("cluster-labelled/rows")).select("name", "cluster").collectAsList().stream()
                        .map(row -> row.getString(0) + ":" + row.getInt(1))
                        .toList();
        assertEquals(
                List.of("a:1", "b:1", "c:1", "d:1", "e:1", "f:1", "g:2", "h:2", "i:2", "j:2", "k:2", "l:2"), labelled);
    }

    @Test
    void anIdColumnThatDoesNotIdentifyRowsIsAnInputError() {
        Path out = tmp.resolve("out");
        JobRunner.assertFails(
                pipeline(twoGroups("a").toString(), out, "--id-column", "name", "--k", "2"),
                3,
                out,
                "stage fit-gaussian failed",
                "--id-column 'name' does not identify rows",
                "value a is on 2 rows");
    }
}

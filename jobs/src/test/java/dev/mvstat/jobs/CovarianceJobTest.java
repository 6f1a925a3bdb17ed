package dev.mvstat.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mvstat.testing.SparkTestSession;
import dev.mvstat.testing.TestData;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;

import static dev.mvstat.testing.Close.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The covariance job end to end: outputs, accuracy through the command line, formats. */
class CovarianceJobTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tmp;

    static JsonNode json(Path file) throws IOException {
        return MAPPER.readTree(file.toFile());
    }

    /** Runs the covariance job on iris into {@code out}, with further options. */
    private static JobRunner.Result covarianceOfIris(Path out, String... options) {
        List<String> args = new ArrayList<>(
                List.of("covariance", "--input", TestData.csvFile("iris").toString(), "--output", out.toString()));
        args.addAll(List.of(options));
        return JobRunner.run(args.toArray(String[]::new));
    }

    @Test
    void irisEndToEndMatchesTheReference() throws IOException {
        Path out = tmp.resolve("out");
        JobRunner.Result r = covarianceOfIris(out, "--correlation", "both");
        assertEquals(0, r.exitCode(), r.stderr());
        JobRunner.assertOnlyOutput(out);
        for (String f : List.of(
                "model.json",
                "covariance.csv",
                "correlation.csv",
                "spearman.csv",
                "summary.json",
                "report.html",
                "_SUCCESS")) {
            assertTrue(Files.exists(out.resolve(f)), f);
        }
        JsonNode model = json(out.resolve("model.json"));
        JsonNode ref = TestData.reference("iris");
        assertEquals("mvstat.covariance", model.get("format").asText());
        assertEquals(1, model.get("version").asInt());
        assertEquals(ref.get("columns"), model.get("columns"));
        assertEquals(150, model.get("count").asLong());
        for (String key : List.of("mean", "covariance", "correlation", "spearman", "eigenvalues")) {
            assertClose(TestData.doubles(ref.get(key)), TestData.doubles(model.get(key)), 1e-12, key);
        }
        assertTrue(model.get("positive_definite").asBoolean());
        assertEquals(4, model.get("rank").asInt());

        JsonNode summary = json(out.resolve("summary.json"));
        assertEquals(150, summary.get("rows_read").asLong());
        assertEquals(150, summary.get("rows_used").asLong());
        assertEquals(0, summary.get("rows_rejected").asLong());
        assertTrue(summary.get("warnings").toString().contains("species"), "skipped column named");
        assertTrue(summary.get("timings_seconds").has("covariance"));
        assertEquals("4.1.0", summary.get("spark_version").asText());

        List<String> csv = Files.readAllLines(out.resolve("covariance.csv"));
        assertEquals("column,sepal_length,sepal_width,petal_length,petal_width", csv.get(0));
        assertTrue(csv.get(1).startsWith("sepal_length,"));
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("<figure class=\"chart\">") && html.contains("Pearson correlation"));
    }

    @Test
    void offsetDataThroughTheJobIsExact() throws IOException {
        Path out = tmp.resolve("out");
        assertEquals(
                0,
                JobRunner.run(
                                "covariance",
                                "--input",
                                TestData.csvFile("offset").toString(),
                                "--output",
                                out.toString())
                        .exitCode());
        double[] expected = TestData.doubles(TestData.reference("offset").get("covariance"));
        double[] actual = TestData.doubles(json(out.resolve("model.json")).get("covariance"));
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-9 * Math.abs(expected[i]), "covariance[" + i + "]");
        }
    }

    @Test
    void cellsOfMoreThan18DigitsAreShiftedExactly() throws IOException {
        // 1e20 + k is not a double: subtracted in binary, every difference would be 0.
        Path input = JobRunner.write(
                tmp,
                "long.csv",
                "a,b\n100000000000000000001,1\n100000000000000000002,2\n" + "100000000000000000004,3\n");
        Path out = tmp.resolve("out");
        JobRunner.Result r = JobRunner.run("covariance", "--input", input.toString(), "--output", out.toString());
        assertEquals(0, r.exitCode(), r.stderr());
        // differences 0, 1, 3: variance 7/3, covariance with 1, 2, 3 is 3/2
        assertArrayEquals(
                new double[] {7.0 / 3, 1.5, 1.5, 1.0},
                TestData.doubles(json(out.resolve("model.json")).get("covariance")),
                1e-15);
    }

    @Test
    void repeatedRunsWriteBitIdenticalModels() throws IOException {
        String input = TestData.csvFile("blobs3").toString();
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        assertEquals(
                0,
                JobRunner.run("covariance", "--input", input, "--output", a.toString(), "--correlation", "both")
                        .exitCode());
        assertEquals(
                0,
                JobRunner.run("covariance", "--input", input, "--output", b.toString(), "--correlation", "both")
                        .exitCode());
        assertArrayEquals(Files.readAllBytes(a.resolve("model.json")), Files.readAllBytes(b.resolve("model.json")));
    }

    @Test
    void parquetAndJsonInputsGiveTheSameModelAsCsv() throws IOException {
        // Parquet keeps the column order; Spark's JSON reader sorts fields by name, so --columns orders them.
        String columns = String.join(
                ",",
                StreamSupport.stream(TestData.reference("wine").get("columns").spliterator(), false)
                        .map(JsonNode::asText)
                        .toList());
        Dataset<Row> wine = SparkTestSession.get()
                .read()
                .option("header", "true")
                .option("inferSchema", "true")
                .csv(TestData.csvFile("wine").toString());
        wine.coalesce(1).write().parquet(tmp.resolve("wine.parquet").toString());
        wine.coalesce(1).write().json(tmp.resolve("wine-json").toString());
        double[] expected = TestData.doubles(TestData.reference("wine").get("covariance"));
        for (String[] input : new String[][] {
            {tmp.resolve("wine.parquet").toString(), "auto"},
            {tmp.resolve("wine-json").toString(), "json"}
        }) {
            Path out = tmp.resolve("out-" + input[1]);
            JobRunner.Result r = JobRunner.run(
                    "covariance",
                    "--input",
                    input[0],
                    "--format",
                    input[1],
                    "--output",
                    out.toString(),
                    "--columns",
                    columns);
            assertEquals(0, r.exitCode(), r.stderr());
            JsonNode model = json(out.resolve("model.json"));
            assertEquals(TestData.reference("wine").get("columns"), model.get("columns"));
            double[] actual = TestData.doubles(model.get("covariance"));
            for (int i = 0; i < expected.length; i++) {
                assertEquals(
                        expected[i],
                        actual[i],
                        1e-12 * Math.max(1, Math.abs(expected[i])),
                        input[1] + " covariance[" + i + "]");
            }
        }
    }

    @Test
    void constantColumnHasNullCorrelations() throws IOException {
        Path input = JobRunner.write(tmp, "constant.csv", "a,b,c\n1,5,2\n2,5,4\n3,5,5\n");
        Path out = tmp.resolve("out");
        assertEquals(
                0,
                JobRunner.run("covariance", "--input", input.toString(), "--output", out.toString())
                        .exitCode());
        JsonNode model = json(out.resolve("model.json"));
        JsonNode corr = model.get("correlation");
        for (int i = 0; i < 3; i++) {
            assertTrue(corr.get(i).get(1).isNull() && corr.get(1).get(i).isNull(), "row/column of b is null");
        }
        assertEquals(1.0, corr.get(0).get(0).asDouble());
        assertFalse(model.get("positive_definite").asBoolean());
        assertEquals(List.of("b"), List.of(model.get("dependent_columns").get(0).asText()));
        assertFalse(Files.readString(out.resolve("model.json")).contains("NaN"));
    }

    @Test
    void idColumnIsNotADataColumn() throws IOException {
        Path input = JobRunner.write(tmp, "ids.csv", "id,x,y\n10,1,2\n11,2,1\n12,3,5\n");
        Path out = tmp.resolve("out");
        assertEquals(
                0,
                JobRunner.run(
                                "covariance",
                                "--input",
                                input.toString(),
                                "--output",
                                out.toString(),
                                "--id-column",
                                "id")
                        .exitCode());
        assertEquals(
                "[\"x\",\"y\"]", json(out.resolve("model.json")).get("columns").toString());
    }

    @Test
    void configFileSuppliesDefaults() throws IOException {
        Path config = JobRunner.write(tmp, "job.properties", "covariance.correlation=spearman\n");
        Path out = tmp.resolve("out");
        assertEquals(0, covarianceOfIris(out, "--config", config.toString()).exitCode());
        assertTrue(Files.exists(out.resolve("spearman.csv")));
    }

    @Test
    void spearmanAloneWritesNoPearsonFile() throws IOException {
        Path out = tmp.resolve("out");
        assertEquals(0, covarianceOfIris(out, "--correlation", "spearman").exitCode());
        assertTrue(Files.exists(out.resolve("spearman.csv")));
        assertFalse(Files.exists(out.resolve("correlation.csv")));
        assertTrue(json(out.resolve("model.json")).has("spearman"));
    }
}

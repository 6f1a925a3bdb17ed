package dev.mvstat.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mvstat.testing.Frames;
import dev.mvstat.testing.TestData;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.mvstat.testing.Close.assertCloseRelative;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The jobs on one features column (vector, array&lt;double&gt;, array&lt;float&gt;) instead of named columns. */
class FeaturesColumnJobTest {

    @TempDir
    static Path data;

    @TempDir
    Path tmp;

    private static String wine;

    @BeforeAll
    static void writeInputs() {
        wine = data.resolve("wine.parquet").toString();
        Frames.withFeatures("wine").write().parquet(wine);
    }

    @ParameterizedTest
    @ValueSource(strings = {Frames.DENSE, Frames.SPARSE, Frames.DOUBLES})
    void covarianceOfAFeaturesColumnEqualsTheNamedColumns(String column) throws IOException {
        Path out = tmp.resolve("out");
        JobRunner.Result r =
                JobRunner.run("covariance", "--input", wine, "--features-col", column, "--output", out.toString());
        assertEquals(0, r.exitCode(), r.stderr());
        JsonNode model = CovarianceJobTest.json(out.resolve("model.json"));
        JsonNode ref = TestData.reference("wine");
        assertEquals(column + "[0]", model.get("columns").get(0).asText());
        assertEquals(13, model.get("columns").size());
        for (String key : List.of("mean", "covariance", "correlation")) {
            assertCloseRelative(TestData.doubles(ref.get(key)), TestData.doubles(model.get(key)), 1e-12, key);
        }
    }

    @Test
    void floatArraysGiveTheCovarianceOfTheFloatValues() throws IOException {
        Path out = tmp.resolve("out");
        assertEquals(
                0,
                JobRunner.run(
                                "covariance",
                                "--input",
                                wine,
                                "--features-col",
                                Frames.FLOATS,
                                "--output",
                                out.toString())
                        .exitCode());
        double[] covariance = TestData.doubles(
                CovarianceJobTest.json(out.resolve("model.json")).get("covariance"));
        assertCloseRelative(
                TestData.doubles(TestData.reference("wine").get("covariance")),
                covariance,
                1e-6,
                "covariance of float values");
    }

    @Test
    void jsonArraysOfWholeNumbersAndDecimalsAreFeatures() throws IOException {
        Path json = tmp.resolve("rows.json");
        Files.writeString(json, "{\"v\": [1, 2]}\n{\"v\": [2, 4]}\n{\"v\": [3, 7]}\n{\"v\": [4.5, 9]}\n");
        Path out = tmp.resolve("out");
        JobRunner.Result r = JobRunner.run(
                "covariance", "--input", json.toString(), "--features-col", "v", "--output", out.toString());
        assertEquals(0, r.exitCode(), r.stderr());
        JsonNode model = CovarianceJobTest.json(out.resolve("model.json"));
        assertEquals("[\"v[0]\",\"v[1]\"]", model.get("columns").toString());
        // x = 1, 2, 3, 4.5 and y = 2, 4, 7, 9: means 2.625 and 5.5; squared deviations sum to 6.6875 and 29, their
        // products to 13.75
        assertCloseRelative(new double[] {2.625, 5.5}, TestData.doubles(model.get("mean")), 1e-15, "mean");
        assertCloseRelative(
                new double[] {6.6875 / 3, 13.75 / 3, 13.75 / 3, 29.0 / 3},
                TestData.doubles(model.get("covariance")),
                1e-15,
                "covariance");
    }

    @Test
    void mahalanobisScoresAFeaturesColumnAsTheReference() {
        Path out = tmp.resolve("out");
        JobRunner.Result r = JobRunner.run(
                "mahalanobis", "--input", wine, "--features-col", Frames.DENSE, "--output", out.toString());
        assertEquals(0, r.exitCode(), r.stderr());
        double[] distances = MahalanobisJobTest.scores(out).stream()
                .mapToDouble(row -> row.getDouble(row.fieldIndex("mahalanobis_sq")))
                .toArray();
        assertCloseRelative(
                TestData.doubles(TestData.reference("wine").get("mahalanobis_sq")),
                distances,
                1e-10,
                "squared distances");
    }

    @Test
    void anInvalidValueIsAnInputErrorOrARejectedRow() throws IOException {
        String bad = tmp.resolve("bad.parquet").toString();
        Dataset<Row> rows = Frames.withFeatures("iris");
        rows.withColumn(
                        Frames.DOUBLES,
                        functions
                                .when(
                                        col("sepal_length").equalTo(4.3),
                                        functions.array(
                                                functions.lit(1.0),
                                                functions.lit(Double.NaN),
                                                functions.lit(2.0),
                                                functions.lit(3.0)))
                                .when(col("sepal_length").equalTo(7.9), functions.slice(col(Frames.DOUBLES), 1, 3))
                                .otherwise(col(Frames.DOUBLES)))
                .drop(Frames.DENSE, Frames.SPARSE)
                .write()
                .parquet(bad);

        JobRunner.Result failed = JobRunner.run(
                "covariance",
                "--input",
                bad,
                "--features-col",
                Frames.DOUBLES,
                "--output",
                tmp.resolve("failed").toString());
        assertEquals(3, failed.exitCode(), failed.stderr());
        assertTrue(
                failed.stderr().contains("column 'doubles' has the value NaN at index 1")
                        || failed.stderr().contains("column 'doubles' holds a value of length 3, expected 4"),
                failed.stderr());

        Path out = tmp.resolve("skipped");
        JobRunner.Result skipped = JobRunner.run(
                "covariance",
                "--input",
                bad,
                "--features-col",
                Frames.DOUBLES,
                "--on-invalid",
                "skip",
                "--output",
                out.toString());
        assertEquals(0, skipped.exitCode(), skipped.stderr());
        JsonNode summary = CovarianceJobTest.json(out.resolve("summary.json"));
        assertEquals(150, summary.get("rows_read").asLong());
        assertEquals(2, summary.get("rows_rejected").asLong());
        List<Row> rejected = Frames.csv("iris")
                .sparkSession()
                .read()
                .parquet(out.resolve("rejected").toString())
                .collectAsList();
        assertEquals(2, rejected.size());
        assertTrue(Files.exists(out.resolve("_SUCCESS")));
    }

    @Test
    void badFeaturesOptionsAreUsageOrInputErrors() {
        JobRunner.Result both = JobRunner.run(
                "covariance",
                "--input",
                wine,
                "--features-col",
                Frames.DENSE,
                "--columns",
                "alcohol",
                "--output",
                tmp.resolve("a").toString());
        assertEquals(2, both.exitCode(), both.stderr());
        assertTrue(both.stderr().contains("--columns and --features-col exclude each other"), both.stderr());

        JobRunner.Result missing = JobRunner.run(
                "covariance",
                "--input",
                wine,
                "--features-col",
                "embedding",
                "--output",
                tmp.resolve("b").toString());
        assertEquals(2, missing.exitCode(), missing.stderr());
        assertTrue(missing.stderr().contains("--features-col 'embedding' is not a column of"), missing.stderr());

        JobRunner.Result text = JobRunner.run(
                "covariance",
                "--input",
                wine,
                "--features-col",
                "cultivar",
                "--output",
                tmp.resolve("c").toString());
        assertEquals(3, text.exitCode(), text.stderr());
        assertTrue(
                text.stderr().contains("column 'cultivar' must hold a vector, array<double> or array<float>"),
                text.stderr());
    }
}

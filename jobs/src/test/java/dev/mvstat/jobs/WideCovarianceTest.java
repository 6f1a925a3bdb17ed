package dev.mvstat.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mvstat.jobs.output.CovarianceFiles;
import dev.mvstat.jobs.report.Heatmap;
import dev.mvstat.jobs.report.HtmlReport;
import dev.mvstat.testing.SparkTestSession;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The covariance job on more columns than it writes as text, and the mahalanobis job on its model.
 * The input is a features column of the first 1024 values of Walsh functions 1 to d: ±1 columns of
 * mean 0, orthogonal, so the covariance is 1024/1023 I and every row's squared distance is d 1023/1024.
 */
class WideCovarianceTest {

    private static final int D = CovarianceFiles.TEXT_MAX_COLUMNS + 1;
    private static final int N = 1024;

    @TempDir
    static Path tmp;

    private static Path input;
    private static Path out;

    @BeforeAll
    static void runTheCovarianceJob() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            int row = i;
            rows.add(RowFactory.create(IntStream.rangeClosed(1, D)
                    .mapToObj(j -> Integer.bitCount(row & j) % 2 == 0 ? 1.0 : -1.0)
                    .toList()));
        }
        StructType schema = new StructType().add("w", DataTypes.createArrayType(DataTypes.DoubleType, false), false);
        input = tmp.resolve("walsh.parquet");
        SparkTestSession.get().createDataFrame(rows, schema).coalesce(1).write().parquet(input.toString());
        out = tmp.resolve("covariance");
        JobRunner.Result r = JobRunner.run(
                "covariance", "--input", input.toString(), "--features-col", "w", "--output", out.toString());
        assertEquals(0, r.exitCode(), r.stderr());
    }

    @Test
    void theMatricesAreInNpyFilesOnly() throws IOException {
        double[] covariance = NpyTest.parse(Files.readAllBytes(out.resolve("covariance.npy")), D);
        double[] correlation = NpyTest.parse(Files.readAllBytes(out.resolve("correlation.npy")), D);
        for (int i = 0; i < D; i++) {
            for (int j = 0; j < D; j++) {
                assertEquals(i == j ? N / (N - 1.0) : 0, covariance[i * D + j], 1e-14, "covariance " + i + ", " + j);
                assertEquals(i == j ? 1 : 0, correlation[i * D + j], 1e-14, "correlation " + i + ", " + j);
            }
        }
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(
                    List.of(),
                    files.map(p -> p.getFileName().toString())
                            .filter(f -> f.endsWith(".csv"))
                            .toList());
        }
        String warnings = CovarianceJobTest.json(out.resolve("summary.json"))
                .get("warnings")
                .toString();
        assertTrue(
                warnings.contains("covariance.csv, correlation.csv not written")
                        && warnings.contains("they are in covariance.npy, correlation.npy"),
                warnings);
    }

    @Test
    void modelJsonNamesTheCovarianceFileInsteadOfHoldingTheMatrices() throws IOException {
        assertTrue(Files.size(out.resolve("model.json")) < 100_000, Files.size(out.resolve("model.json")) + " bytes");
        JsonNode model = CovarianceJobTest.json(out.resolve("model.json"));
        assertEquals("covariance.npy", model.get("covariance_file").asText());
        assertFalse(model.has("covariance") || model.has("correlation"));
        assertEquals(D, model.get("columns").size());
        assertEquals(D, model.get("eigenvalues").size());
        assertEquals(D, model.get("rank").asInt());
    }

    @Test
    void theReportsHeatmapHasOneCellPerBlock() throws IOException {
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(HtmlReport.figures(html).get(0).contains("Pearson correlation"));
        JsonNode cells = ReportsTest.views(html).get(0).get(0).get("option").get("series");
        assertEquals(
                Heatmap.MAX_BLOCKS * Heatmap.MAX_BLOCKS,
                cells.get(0).get("data").size() + cells.get(1).get("data").size());
        assertTrue(html.contains("Eigenvalue spectrum"));
        assertFalse(html.contains("<table>"), "no tables of " + D + " columns");
    }

    @Test
    void theMahalanobisJobScoresWithTheWideModel() {
        Path scored = tmp.resolve("scored");
        JobRunner.Result r = JobRunner.run(
                "mahalanobis",
                "--input",
                input.toString(),
                "--features-col",
                "w",
                "--output",
                scored.toString(),
                "--model",
                out.resolve("model.json").toString());
        assertEquals(0, r.exitCode(), r.stderr());
        List<Row> rows = MahalanobisJobTest.scores(scored);
        assertEquals(N, rows.size());
        for (Row row : rows) {
            assertEquals(D * (N - 1.0) / N, row.getDouble(row.fieldIndex("mahalanobis_sq")), 1e-9);
        }
    }
}

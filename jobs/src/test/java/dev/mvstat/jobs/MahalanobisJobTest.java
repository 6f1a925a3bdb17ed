package dev.mvstat.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mvstat.testing.SparkTestSession;
import dev.mvstat.testing.TestData;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mahalanobis job end to end: accuracy against scipy / scikit-learn, outputs, the singular case. */
class MahalanobisJobTest {

    @TempDir
    Path tmp;

    private JobRunner.Result mahalanobis(String input, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("mahalanobis", "--input", input, "--output", out.toString()));
        args.addAll(List.of(extra));
        return JobRunner.run(args.toArray(new String[0]));
    }

    /** The scores/ rows ordered by row_index. */
    static List<Row> scores(Path out) {
        return SparkTestSession.get()
                .read()
                .parquet(out.resolve("scores").toString())
                .orderBy("row_index")
                .collectAsList();
    }

    private static void assertDistances(double[] expected, List<Row> rows, String what) {
        assertEquals(expected.length, rows.size(), what);
        for (int i = 0; i < expected.length; i++) {
            Row r = rows.get(i);
            assertEquals(i, r.getLong(r.fieldIndex("row_index")));
            assertEquals(
                    expected[i], r.getDouble(r.fieldIndex("mahalanobis_sq")), 1e-10 * expected[i], what + " row " + i);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"iris", "wine", "blobs3"})
    void distancesAndPValuesMatchTheReference(String name) throws IOException {
        Path out = tmp.resolve("out");
        JobRunner.Result r = mahalanobis(TestData.csvFile(name).toString(), out);
        assertEquals(0, r.exitCode(), r.stderr());
        JsonNode ref = TestData.reference(name);
        List<Row> rows = scores(out);
        assertDistances(TestData.doubles(ref.get("mahalanobis_sq")), rows, name);
        double[] p = TestData.doubles(ref.get("p_value"));
        double threshold = CovarianceJobTest.json(out.resolve("summary.json"))
                .get("chi_square_threshold")
                .asDouble();
        for (int i = 0; i < p.length; i++) {
            Row row = rows.get(i);
            assertEquals(p[i], row.getDouble(row.fieldIndex("p_value")), 1e-12, name + " p row " + i);
            assertEquals(
                    row.getDouble(row.fieldIndex("mahalanobis_sq")) > threshold,
                    row.getBoolean(row.fieldIndex("is_outlier")));
        }
        JsonNode summary = CovarianceJobTest.json(out.resolve("summary.json"));
        int d = ref.get("columns").size();
        long n = p.length;
        assertEquals(n, summary.get("rows_scored").asLong());
        assertEquals(d * (n - 1.0) / n, summary.get("mean_mahalanobis_sq").asDouble(), 1e-12 * d);
        assertTrue(summary.get("calibration").get("relative_difference").asDouble() < 1e-12);
        assertTrue(Files.readString(out.resolve("report.html")).contains("most outlying rows"));
    }

    @Test
    void everyInputColumnIsKeptAndCsvOutputHasAHeader() throws IOException {
        Path out = tmp.resolve("out");
        assertEquals(
                0,
                mahalanobis(TestData.csvFile("iris").toString(), out, "--output-format", "csv")
                        .exitCode());
        List<Row> rows = SparkTestSession.get()
                .read()
                .option("header", "true")
                .csv(out.resolve("scores").toString())
                .collectAsList();
        assertEquals(150, rows.size());
        assertEquals(
                List.of(
                        "sepal_length",
                        "sepal_width",
                        "petal_length",
                        "petal_width",
                        "species",
                        "row_index",
                        "mahalanobis_sq",
                        "p_value",
                        "is_outlier"),
                List.of(rows.get(0).schema().fieldNames()));
    }

    @Test
    void idColumnReplacesTheRowIndex() {
        Path input = JobRunner.write(tmp, "ids.csv", "key,a,b\nk1,1,2\nk2,2,1\nk3,4,5\nk4,3,3\nk5,0,1\n");
        Path out = tmp.resolve("out");
        assertEquals(0, mahalanobis(input.toString(), out, "--id-column", "key").exitCode());
        List<Row> rows = SparkTestSession.get()
                .read()
                .parquet(out.resolve("scores").toString())
                .collectAsList();
        assertEquals(
                List.of("key", "a", "b", "mahalanobis_sq", "p_value", "is_outlier"),
                List.of(rows.get(0).schema().fieldNames()));
    }

    /**
     * One CSV file read as several partitions, with invalid rows first, in the middle and last:
     * row_index is each scored row's input position, the rejected rows' positions left out, and
     * the report names the most outlying row by row_index or by --id-column.
     */
    @Test
    void rowIndexIsTheInputPositionAcrossPartitionsWithRejectedRowsLeftOut() throws IOException {
        int n = 300;
        Set<Long> invalid = Set.of(0L, 61L, 62L, 150L, 299L);
        StringBuilder csv = new StringBuilder("key,x,y\n");
        for (int i = 0; i < n; i++) {
            csv.append('r')
                    .append(i)
                    .append(',')
                    .append(invalid.contains((long) i) ? "oops" : Math.sin(i))
                    .append(',')
                    .append(Math.cos(3 * i))
                    .append('\n');
        }
        String input = JobRunner.write(tmp, "positions.csv", csv.toString()).toString();
        Path byIndex = tmp.resolve("by-index");
        Path byId = tmp.resolve("by-id");
        SparkSession spark = SparkTestSession.get();
        spark.conf().set("spark.sql.files.maxPartitionBytes", "1024");
        try {
            assertTrue(spark.read().csv(input).rdd().getNumPartitions() >= 4, "several partitions");
            JobRunner.Result r = mahalanobis(input, byIndex, "--columns", "x,y", "--on-invalid", "skip");
            assertEquals(0, r.exitCode(), r.stderr());
            r = mahalanobis(input, byId, "--columns", "x,y", "--on-invalid", "skip", "--id-column", "key");
            assertEquals(0, r.exitCode(), r.stderr());
        } finally {
            spark.conf().unset("spark.sql.files.maxPartitionBytes");
        }

        List<Row> rows = scores(byIndex);
        List<Long> indices = rows.stream()
                .map(row -> row.getLong(row.fieldIndex("row_index")))
                .toList();
        assertEquals(
                LongStream.range(0, n).filter(i -> !invalid.contains(i)).boxed().toList(), indices);
        for (Row row : rows) {
            assertEquals("r" + row.getLong(row.fieldIndex("row_index")), row.getString(row.fieldIndex("key")));
        }
        JsonNode summary = CovarianceJobTest.json(byIndex.resolve("summary.json"));
        assertEquals(n, summary.get("rows_read").asLong());
        assertEquals(n - invalid.size(), summary.get("rows_used").asLong());
        assertEquals(invalid.size(), summary.get("rows_rejected").asLong());
        assertEquals(n - invalid.size(), summary.get("rows_scored").asLong());
        List<String> rejected =
                spark
                        .read()
                        .option("header", "true")
                        .csv(byIndex.resolve("rejected").toString())
                        .collectAsList()
                        .stream()
                        .map(row -> row.getString(0))
                        .sorted()
                        .toList();
        assertEquals(invalid.stream().map(i -> "r" + i).sorted().toList(), rejected);

        Row top = rows.stream()
                .max(Comparator.comparingDouble(row -> row.getDouble(row.fieldIndex("mahalanobis_sq"))))
                .orElseThrow();
        long topIndex = top.getLong(top.fieldIndex("row_index"));
        assertEquals(Long.toString(topIndex), firstReportCell(byIndex));
        assertEquals("r" + topIndex, firstReportCell(byId));
    }

    /** @return the first cell of the report's table of the most outlying rows: the top row's id */
    private static String firstReportCell(Path out) throws IOException {
        Matcher cell = Pattern.compile("<tr><td>([^<]*)</td>").matcher(Files.readString(out.resolve("report.html")));
        assertTrue(cell.find(), "a table row in the report");
        return cell.group(1);
    }

    @Test
    void scoringWithTheCovarianceJobsModelEqualsScoringWithout() {
        String wine = TestData.csvFile("wine").toString();
        Path model = tmp.resolve("cov");
        assertEquals(
                0,
                JobRunner.run("covariance", "--input", wine, "--output", model.toString())
                        .exitCode());
        assertEquals(
                0,
                mahalanobis(
                                wine,
                                tmp.resolve("with"),
                                "--model",
                                model.resolve("model.json").toString())
                        .exitCode());
        assertEquals(0, mahalanobis(wine, tmp.resolve("without")).exitCode());
        List<Row> with = scores(tmp.resolve("with"));
        List<Row> without = scores(tmp.resolve("without"));
        for (int i = 0; i < with.size(); i++) {
            double a = with.get(i).getDouble(with.get(i).fieldIndex("mahalanobis_sq"));
            double b = without.get(i).getDouble(without.get(i).fieldIndex("mahalanobis_sq"));
            assertEquals(b, a, 1e-12 * b, "row " + i);
        }
    }

    @Test
    void collinearWithoutRegularizationIsANumericalErrorNamingRankAndColumns() {
        Path out = tmp.resolve("out");
        JobRunner.Result r = mahalanobis(TestData.csvFile("collinear").toString(), out);
        assertEquals(4, r.exitCode(), r.stderr());
        List<String> lines =
                r.stderr().lines().filter(l -> l.startsWith("mvstat ")).toList();
        assertEquals(1, lines.size(), r.stderr());
        for (String f : List.of(
                "numerical rank 2", "constant columns: none", "collinear columns: u, v, w", "--regularization")) {
            assertTrue(lines.get(0).contains(f), f + " in " + lines.get(0));
        }
        assertFalse(Files.exists(out.resolve("_SUCCESS")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ledoit-wolf", "oas"})
    void shrinkageOnCollinearDataMatchesScikitLearn(String method) throws IOException {
        Path out = tmp.resolve("out");
        JobRunner.Result r = mahalanobis(TestData.csvFile("collinear").toString(), out, "--regularization", method);
        assertEquals(0, r.exitCode(), r.stderr());
        JsonNode ref = TestData.reference("collinear").get(method.replace('-', '_'));
        assertDistances(TestData.doubles(ref.get("mahalanobis_sq")), scores(out), method);
        JsonNode summary = CovarianceJobTest.json(out.resolve("summary.json"));
        double shrinkage = ref.get("shrinkage").asDouble();
        assertEquals(shrinkage, summary.get("shrinkage_intensity").asDouble(), 1e-10 * shrinkage);
        assertEquals(method, summary.get("regularization").asText());
    }

    @Test
    void singleColumnWorks() {
        Path input = JobRunner.write(tmp, "one.csv", "a\n1\n2\n6\n");
        Path out = tmp.resolve("out");
        assertEquals(0, mahalanobis(input.toString(), out).exitCode());
        List<Row> rows = scores(out);
        // mean 3, variance 7
        assertEquals(4 / 7.0, rows.get(0).getDouble(rows.get(0).fieldIndex("mahalanobis_sq")), 1e-15);
    }
}

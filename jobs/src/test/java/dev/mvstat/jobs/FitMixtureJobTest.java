package dev.mvstat.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mvstat.linalg.Cholesky;
import dev.mvstat.testing.SparkTestSession;
import dev.mvstat.testing.TestData;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fit-mixture job end to end: scikit-learn's likelihood on iris, the outputs, and bad inputs. */
class FitMixtureJobTest {

    private static final List<String> IRIS_COLUMNS =
            List.of("sepal_length", "sepal_width", "petal_length", "petal_width");

    @TempDir
    Path tmp;

    private JobRunner.Result fit(String input, String... extra) {
        List<String> args = new ArrayList<>(List.of("fit-mixture", "--input", input, "--output", out().toString()));
        args.addAll(List.of(extra));
        return JobRunner.run(args.toArray(new String[0]));
    }

    private Path out() {
        return tmp.resolve("out");
    }

    /**
     * The best of 10 starts reaches scikit-learn's {@code GaussianMixture} (full covariances, EM,
     * best of 10 starts) within 1e-3 nats per row, and every output says the same mixture.
     */
    @Test
    void irisWithTenStartsReachesScikitLearnsLikelihoodAndWritesEveryOutput() throws IOException {
        JobRunner.Result r = fit(TestData.csvFile("iris").toString(), "--k", "3", "--starts", "10");
        assertEquals(0, r.exitCode(), r.stderr());
        JsonNode json = CovarianceJobTest.json(out().resolve("mixture.json"));
        double sklearn = TestData.reference("mixtures")
                .path("datasets")
                .path("iris")
                .path("fits")
                .path("3")
                .path("mean_log_likelihood")
                .asDouble();
        double meanLogLikelihood = json.get("mean_log_likelihood").asDouble();
        assertTrue(meanLogLikelihood >= sklearn - 1e-3, meanLogLikelihood + " against scikit-learn's " + sklearn);
        assertTrue(json.get("converged").asBoolean());
        assertEquals(IRIS_COLUMNS, texts(json.get("columns")));
        assertEquals(150, json.get("rows").asLong());
        assertEquals(3, json.get("k").asInt());
        assertEquals(10, json.get("starts").asInt());
        assertEquals(1e-6, json.get("covariance_floor").asDouble());
        assertEquals("natural", json.get("optimizer").get("name").asText());
        JsonNode starts = json.get("start_log_likelihoods");
        assertEquals(10, starts.size());
        for (JsonNode s : starts) {
            assertTrue(s.asDouble() <= meanLogLikelihood);
        }
        assertEquals(meanLogLikelihood, starts.get(json.get("start").asInt()).asDouble());
        double weightSum = 0;
        for (JsonNode w : json.get("weights")) {
            assertTrue(w.asDouble() > 0);
            weightSum += w.asDouble();
        }
        assertEquals(1, weightSum, 1e-12);
        assertEquals(3, json.get("means").size());
        for (int k = 0; k < 3; k++) {
            assertEquals(4, json.get("means").get(k).size());
            assertSymmetricPositiveDefinite(
                    json.get("covariances").get(k), json.get("cholesky").get(k), "component " + k);
        }

        long[] sizes = assertAssignments(out(), 3);
        JsonNode summary = CovarianceJobTest.json(out().resolve("summary.json"));
        assertEquals("fit-mixture", summary.get("job").asText());
        assertTrue(summary.get("converged").asBoolean());
        assertEquals(meanLogLikelihood, summary.get("mean_log_likelihood").asDouble());
        assertEquals(List.of(sizes[0], sizes[1], sizes[2]), longs(summary.get("component_sizes")));
        List<String> trace = Files.readAllLines(out().resolve("trace.csv"));
        assertEquals("step,epoch,batch_nll,full_nll,gradient_norm,learning_rate,event", trace.get(0));
        assertEquals(json.get("steps").asInt(), trace.size() - 1);
        for (String f : List.of("report.html", "_SUCCESS")) {
            assertTrue(Files.exists(out().resolve(f)), f);
        }
        assertEquals(
                List.of("mvstat fit-mixture: wrote " + out() + " (150 rows, columns " + String.join(", ", IRIS_COLUMNS)
                        + "; K = 3: components of " + sizes[0] + ", " + sizes[1] + ", " + sizes[2]
                        + " rows; mean log-likelihood " + String.format(Locale.ROOT, "%.6g", meanLogLikelihood)
                        + "; converged after " + json.get("epochs").asInt() + " epochs)"),
                r.stdout().lines().toList());
        JobRunner.assertOnlyOutput(out());
    }

    /** A covariance and its Cholesky factor: symmetric, L lower triangular with a positive diagonal, L L^T = it. */
    private static void assertSymmetricPositiveDefinite(JsonNode covariance, JsonNode cholesky, String what) {
        int d = covariance.size();
        double[] c = TestData.doubles(covariance);
        double[] l = TestData.doubles(cholesky);
        for (int i = 0; i < d; i++) {
            assertTrue(l[i * d + i] > 0, what);
            for (int j = 0; j < d; j++) {
                assertEquals(c[i * d + j], c[j * d + i], 0, what + " symmetric");
                double product = 0;
                for (int m = 0; m < d; m++) {
                    product += l[i * d + m] * l[j * d + m];
                }
                assertEquals(c[i * d + j], product, 1e-12 * (Math.abs(c[i * d + i]) + Math.abs(c[j * d + j])), what);
                if (j > i) {
                    assertEquals(0, l[i * d + j], what + " lower triangular");
                }
            }
        }
        assertTrue(Cholesky.factor(c, d).isPositiveDefinite(), what + " positive definite");
    }

    /**
     * assignments/ (Parquet): every iris row with its columns as read (CSV text), its row_index, and K
     * probabilities summing to 1 whose largest is its component.
     *
     * @return the rows of each component
     */
    private static long[] assertAssignments(Path out, int k) {
        List<Row> rows = SparkTestSession.get()
                .read()
                .parquet(out.resolve("assignments").toString())
                .orderBy("row_index")
                .collectAsList();
        List<double[]> iris = TestData.rows("iris");
        assertEquals(iris.size(), rows.size());
        long[] sizes = new long[k];
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            assertEquals(i, row.getLong(row.fieldIndex("row_index")));
            for (int j = 0; j < IRIS_COLUMNS.size(); j++) {
                assertEquals(iris.get(i)[j], Double.parseDouble(row.getString(row.fieldIndex(IRIS_COLUMNS.get(j)))));
            }
            assertFalse(row.getString(row.fieldIndex("species")).isEmpty());
            int component = row.getInt(row.fieldIndex("component"));
            double sum = 0;
            for (int c = 0; c < k; c++) {
                double p = row.getDouble(row.fieldIndex("probability_" + c));
                assertTrue(p >= 0 && p <= 1, "row " + i);
                assertTrue(p <= row.getDouble(row.fieldIndex("probability_" + component)), "row " + i);
                sum += p;
            }
            assertEquals(1, sum, 1e-12, "row " + i);
            sizes[component]++;
        }
        return sizes;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static List<Long> longs(JsonNode array) {
        List<Long> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asLong()));
        return out;
    }

    @Test
    void anIdColumnReplacesTheRowIndexInCsvAssignments() throws IOException {
        JobRunner.Result r = fit(
                TestData.csvFile("iris").toString(),
                "--k",
                "2",
                "--columns",
                "petal_length,petal_width",
                "--id-column",
                "species",
                "--output-format",
                "csv");
        assertEquals(0, r.exitCode(), r.stderr());
        List<Row> rows = SparkTestSession.get()
                .read()
                .option("header", "true")
                .csv(out().resolve("assignments").toString())
                .collectAsList();
        assertEquals(150, rows.size());
        assertEquals(
                List.of(
                        "sepal_length",
                        "sepal_width",
                        "petal_length",
                        "petal_width",
                        "species",
                        "component",
                        "probability_0",
                        "probability_1"),
                List.of(rows.get(0).schema().fieldNames()));
        // on the petals, the two components set the 50 setosa rows apart
        long setosa = rows.stream()
                .filter(row -> row.getString(4).equals("setosa"))
                .map(row -> row.getString(5))
                .distinct()
                .count();
        assertEquals(1, setosa);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "''|2|missing required option --k",
                "--k 0|2|--k must be a whole number, at least 1, got '0'",
                "--k 3 --starts 0|2|--starts must be a whole number, at least 1",
                "--k 3 --covariance-floor 0|2|--covariance-floor must be a positive number",
                "--k 3 --batch-size 151|2|--batch-size 151 is larger than the data, 150 valid rows",
                "--k 151|4|iris.csv: 150 rows for --k 151: a mixture cannot have more components than rows",
                "--k 31|4|iris.csv: 150 rows; a mixture of 31 Gaussians in 4 dimensions needs at least K (d + 1) = 155"
            })
    void badOptionsAndTooFewRows(String options, int exitCode, String message) {
        String[] args = options.isEmpty() ? new String[0] : options.split(" ");
        JobRunner.assertFails(fit(TestData.csvFile("iris").toString(), args), exitCode, out(), message);
    }

    @Test
    void aTextCellIsAnInputError() {
        String input =
                JobRunner.write(tmp, "in.csv", "a,b\n1,2\n3,4\n5,oops\n7,8\n").toString();
        JobRunner.assertFails(
                fit(input, "--k", "1", "--columns", "a,b"),
                3,
                out(),
                "in.csv row 3",
                "column 'b'",
                "'oops' is not a number");
    }

    @Test
    void noValidRowIsAnInputError() {
        String input = JobRunner.write(tmp, "in.csv", "a,b\n1,x\ny,2\n").toString();
        JobRunner.assertFails(
                fit(input, "--k", "1", "--on-invalid", "skip"),
                3,
                out(),
                "in.csv: a mixture fit needs at least 1 valid row, found 0");
    }
}

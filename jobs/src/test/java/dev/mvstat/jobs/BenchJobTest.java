package dev.mvstat.jobs;

import dev.mvstat.jobs.bench.OutlierModelBench;
import dev.mvstat.jobs.cli.ExitCode;
import dev.mvstat.testing.SparkTestSession;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.mvstat.testing.Close.assertCloseRelative;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Benchmarks on small inputs: the covariance one prints the ratio and the pass's floor, the grouped
 * one how far the two sides' results are apart, the file ones the job end to end and the read alone,
 * the scaling one a row per width; the Spark ML stage's one prints the ratio and writes the same
 * scores on both sides.
 */
class BenchJobTest {

    @TempDir
    Path tmp;

    @Test
    void cachedScenarioPrintsTheRatioAndTheFloor() {
        String out = bench("covariance", "--scenario", "cached", "--rows", "3000", "--cols", "12");
        for (String figure : new String[] {
            "mvstat +(\\S+) s",
            "baseline +(\\S+) s",
            "ratio +(\\S+)x faster",
            "count\\) +(\\S+) s",
            "every value +(\\S+) s",
            "in-cache block +(\\S+) s",
            "kernel - count +(\\S+) s",
            "at most (\\S+)x against"
        }) {
            assertTrue(Double.isFinite(number(out, figure)), figure + " in:\n" + out);
        }
    }

    @Test
    void mlScenarioPrintsTheRatioAndBothSidesWriteTheSameScores() {
        int n = 2000;
        int d = 8;
        String out =
                bench("mahalanobis", "--scenario", "ml", "--rows", Integer.toString(n), "--cols", Integer.toString(d));
        assertTrue(out.contains("fit + transform + write Parquet"), out);
        for (String figure : new String[] {"mvstat +(\\S+) s", "baseline +(\\S+) s", "ratio +(\\S+)x faster"}) {
            assertTrue(Double.isFinite(number(out, figure)), figure + " in:\n" + out);
        }
        assertEquals(n, number(out, "(\\d+) rows each"), out);
        assertTrue(number(out, "agree to a relative (\\S+),") < 1e-9, out);
        assertTrue(number(out, "p-values to (\\S+),") < 1e-9, out);
        assertEquals(0, number(out, "differ on (\\d+) rows"), out);

        List<Row> ours = scores(OutlierModelBench.OURS);
        List<Row> baseline = scores(OutlierModelBench.BASELINE);
        assertEquals(n, ours.size());
        assertArrayEquals(
                ours.stream().mapToLong(r -> r.getLong(0)).toArray(),
                baseline.stream().mapToLong(r -> r.getLong(0)).toArray(),
                "the same ids");
        double[] distances = column(ours, 1);
        assertCloseRelative(column(baseline, 1), distances, 1e-9, "squared distances");
        assertCloseRelative(column(baseline, 2), column(ours, 2), 1e-9, "p-values");
        assertEquals(
                ours.stream().map(r -> r.getBoolean(3)).toList(),
                baseline.stream().map(r -> r.getBoolean(3)).toList(),
                "outlier flags");
        // On their own training rows the squared distances under the sample covariance sum to d (n - 1).
        assertEquals(d * (n - 1.0), Arrays.stream(distances).sum(), 1e-9 * d * n);
    }

    @Test
    void groupedScenarioPrintsBothTimesAndTheSidesAgree() {
        String out = bench("covariance", "--scenario", "grouped", "--rows", "2000", "--cols", "6", "--partitions", "3");
        assertTrue(out.contains("covariance + Pearson of each of 10 groups"), out);
        for (String figure : new String[] {"mvstat +(\\S+) s", "baseline +(\\S+) s", "ratio +(\\S+)x faster"}) {
            double value = number(out, figure);
            assertTrue(Double.isFinite(value) && value > 0, figure + " in:\n" + out);
        }
        assertTrue(number(out, "over the 10 groups: covariance (\\S+)") <= 1e-12, out);
        assertTrue(number(out, "\\), correlation (\\S+)") <= 1e-12, out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"parquet", "csv"})
    void fileScenariosPrintTheJobEndToEndAndTheReadAlone(String format) {
        String out = bench("covariance", "--scenario", format, "--rows", "2000", "--cols", "6");
        assertTrue(out.contains(format + " 2000 x 6, end to end (read, covariance + Pearson, write)"), out);
        for (String figure : new String[] {
            "mvstat +(\\S+) s",
            "baseline +(\\S+) s",
            "ratio +(\\S+)x faster",
            "open, parse and validate (\\S+) s",
            "sum of the same columns (\\S+) s",
            "; ratio (\\S+)\n"
        }) {
            double value = number(out, figure);
            assertTrue(Double.isFinite(value) && value > 0, figure + " in:\n" + out);
        }
        assertTrue(Files.isRegularFile(tmp.resolve("baseline-correlation.txt")), "the baseline's written correlation");
    }

    @Test
    void scalingScenarioPrintsARowPerDoublingWidth() {
        String out = bench("covariance", "--scenario", "scaling", "--rows", "300", "--cols", "700");
        Matcher m = Pattern.compile("(?m)^ +(\\d+) +(\\d+) +(\\S+) +(\\S+) +(\\S+) +(\\S+)% +(\\S+) +(\\S+)$")
                .matcher(out);
        List<Integer> widths = new ArrayList<>();
        while (m.find()) {
            assertEquals(300, Integer.parseInt(m.group(1)), m.group());
            widths.add(Integer.parseInt(m.group(2)));
            for (int figure = 3; figure <= 5; figure++) {
                assertTrue(Double.parseDouble(m.group(figure)) > 0, m.group());
            }
            double share = Double.parseDouble(m.group(6));
            assertTrue(share > 0 && share < 100, m.group());
            boolean first = widths.size() == 1;
            for (int growth = 7; growth <= 8; growth++) {
                assertTrue(first ? m.group(growth).equals("-") : m.group(growth).matches("\\d+\\.\\d\\dx"), m.group());
            }
        }
        assertEquals(List.of(256, 512), widths, out);
    }

    @Test
    void scalingScenarioNeedsAtLeast256Columns() {
        JobRunner.Result r = JobRunner.run(
                "bench",
                "covariance",
                "--scenario",
                "scaling",
                "--rows",
                "100",
                "--cols",
                "200",
                "--work-dir",
                tmp.toString());
        assertEquals(ExitCode.USAGE.code(), r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("--cols D with D of at least 256"), r.stderr());
    }

    @Test
    void unknownSubjectIsAUsageError() {
        JobRunner.Result r = JobRunner.run("bench", "everything", "--work-dir", tmp.toString());
        assertEquals(ExitCode.USAGE.code(), r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("name what to benchmark"), r.stderr());
    }

    /** Runs a benchmark once (a warm-up and one timed run per side) and returns what it printed. */
    private String bench(String... args) {
        List<String> full = new ArrayList<>(List.of("bench"));
        full.addAll(List.of(args));
        full.addAll(List.of("--repeat", "1", "--work-dir", tmp.toString()));
        JobRunner.Result r = JobRunner.run(full.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.stderr());
        return r.stdout();
    }

    /** The rows one side wrote, after checking they hold the id and the three scores only, by id. */
    private List<Row> scores(String directory) {
        Dataset<Row> written =
                SparkTestSession.get().read().parquet(tmp.resolve(directory).toString());
        assertArrayEquals(new String[] {"id", "mahalanobis_sq", "p_value", "is_outlier"}, written.columns(), directory);
        return written.orderBy("id").collectAsList();
    }

    private static double[] column(List<Row> rows, int index) {
        return rows.stream().mapToDouble(r -> r.getDouble(index)).toArray();
    }

    private static double number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "no match for " + regex + " in:\n" + text);
        return Double.parseDouble(m.group(1));
    }
}

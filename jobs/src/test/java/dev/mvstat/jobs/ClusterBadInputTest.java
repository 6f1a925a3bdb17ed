package dev.mvstat.jobs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Edge cases and bad inputs of the cluster job: the result, or the exit code and one line naming the fault. */
class ClusterBadInputTest {

    @TempDir
    Path tmp;

    private String input(String csv) {
        return JobRunner.write(tmp, "in.csv", csv).toString();
    }

    private void assertFails(int exitCode, String fragment, String... args) {
        List<String> all = new ArrayList<>(
                List.of("cluster", "--output", tmp.resolve("out").toString()));
        all.addAll(List.of(args));
        JobRunner.assertFails(JobRunner.run(all.toArray(new String[0])), exitCode, tmp.resolve("out"), fragment);
    }

    private Path run(String csv, String... extra) {
        Path out = tmp.resolve("out");
        JobRunner.Result r = ClusterJobTest.cluster(input(csv), out, extra);
        assertEquals(0, r.exitCode(), r.stderr());
        return out;
    }

    @Test
    void oneRowHasNoMergesAndOneCluster() throws IOException {
        Path out = run("x,y\n1,2\n", "--k", "1");
        assertArrayEquals(new double[0], ClusterJobTest.mergeDistances(out));
        assertArrayEquals(new int[] {1}, ClusterJobTest.labels(out));
    }

    @Test
    void duplicatePointsMergeAtDistanceZero() throws IOException {
        Path out = run("x,y\n1,1\n3,3\n1,1\n1,1\n", "--distance-threshold", "0");
        assertArrayEquals(new double[] {0, 0, Math.sqrt(8)}, ClusterJobTest.mergeDistances(out), 0.0);
        assertArrayEquals(new int[] {1, 2, 1, 1}, ClusterJobTest.labels(out));
    }

    @Test
    void moreClustersThanRowsLeavesEveryRowAlone() {
        Path out = run("x\n1\n2\n2\n", "--k", "5");
        assertArrayEquals(new int[] {1, 2, 3}, ClusterJobTest.labels(out));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--k|0|--k must be a whole number of clusters, at least 1, got '0'",
                "--k|two|--k must be a whole number of clusters",
                "--distance-threshold|-0.5|--distance-threshold must be a finite distance, at least 0, got '-0.5'",
                "--metric|chebyshev|--metric must be one of"
            })
    void badCutsAndMetricsAreUsageErrors(String option, String value, String fragment) {
        assertFails(2, fragment, "--input", input("x\n1\n2\n"), option, value);
    }

    @Test
    void kAndThresholdTogetherIsAUsageError() {
        assertFails(
                2,
                "give --k or --distance-threshold, not both",
                "--input",
                input("x\n1\n2\n"),
                "--k",
                "2",
                "--distance-threshold",
                "1");
    }

    @Test
    void aModelWithoutTheMahalanobisMetricIsAUsageError() {
        assertFails(2, "apply to --metric mahalanobis only", "--input", input("x\n1\n2\n"), "--regularization", "oas");
    }

    @Test
    void hdbscanOfOneRowIsNoise() {
        Path out = tmp.resolve("out");
        JobRunner.Result r =
                ClusterJobTest.cluster(input("x,y\n1,2\n"), out, "--min-cluster-size", "2", "--min-samples", "1");
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stdout().contains("no clusters, 1 noise row)"), r.stdout());
        assertArrayEquals(new int[] {-1}, ClusterJobTest.labels(out));
    }

    @Test
    void minSamplesAboveTheValidRowsIsAnInputError() {
        assertFails(
                3,
                "in.csv: HDBSCAN* with min samples 3 needs at least 3 valid rows, found 2",
                "--input",
                input("x,y\n1,2\n2,a\n3,1\n"),
                "--on-invalid",
                "skip",
                "--min-cluster-size",
                "3");
    }

    @Test
    void noValidRowIsAnInputError() {
        assertFails(
                3,
                "in.csv: clustering needs at least 1 valid row, found 0",
                "--input",
                input("x,y\n1,a\nb,2\n"),
                "--on-invalid",
                "skip");
    }

    @Test
    void cosineWithAnAllZeroRowNamesTheRow() {
        assertFails(
                3,
                "in.csv row 2: all selected values are zero",
                "--input",
                input("x,y\n1,2\n0,0\n3,1\n"),
                "--metric",
                "cosine");
    }

    @Test
    void nanValuesNameTheRowAndColumn() {
        assertFails(3, "row 2, column 'y'", "--input", input("x,y\n1,2\n3,NaN\n3,1\n"));
    }

    @Test
    void collinearColumnsWithMahalanobisAskForRegularization() {
        assertFails(4, "--regularization", "--input", input("x,y\n1,2\n2,4\n3,6\n"), "--metric", "mahalanobis");
    }
}

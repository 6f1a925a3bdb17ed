package dev.mvstat.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The command line through {@link Main}: help, usage errors answered before any Spark session, the
 * success line, {@code --delimiter} and the columns left out of automatic selection.
 */
class CommandLineTest {

    private static final List<String> JOBS =
            List.of("covariance", "mahalanobis", "cluster", "fit-gaussian", "fit-mixture", "pipeline", "bench");

    @TempDir
    Path tmp;

    /** Parses and checks like {@link Main#main}, failing the test if it would start a job. */
    private static JobRunner.Result checkOnly(String... args) {
        return JobRunner.captured(() -> Main.launch(args, (job, options) -> fail("a job started: Spark would start")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h", "help"})
    void helpListsTheJobs(String help) {
        JobRunner.Result r = checkOnly(help);
        assertEquals(0, r.exitCode(), r.stderr());
        JOBS.forEach(job -> assertTrue(r.stdout().contains("\n  " + job + " "), job + " in " + r.stdout()));
    }

    @Test
    void noArgumentsIsAUsageErrorWithTheJobs() {
        JobRunner.Result r = checkOnly();
        assertEquals(2, r.exitCode());
        JOBS.forEach(job -> assertTrue(r.stderr().contains(job), job + " in " + r.stderr()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h"})
    void jobHelpExplainsEveryOption(String help) {
        JobRunner.Result r = checkOnly("covariance", help);
        assertEquals(0, r.exitCode(), r.stderr());
        for (String fragment : List.of(
                "--input PATH",
                "--correlation",
                "default: pearson",
                "one of pearson|spearman|both",
                "--delimiter CHAR",
                "default: ,",
                "--verbose",
                "--output DIR",
                "required",
                "example:\n  submit.sh covariance --input ")) {
            assertTrue(r.stdout().contains(fragment), "'" + fragment + "' in:\n" + r.stdout());
        }
        JOBS.forEach(job -> assertEquals(0, checkOnly(job, "--help").exitCode(), job));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "covariance --input in.csv|missing required option --output",
                "covariance --input in.csv --output o --correlation kendall|--correlation must be one of",
                "cluster --input in.csv --output o --metric chebyshev|--metric must be one of",
                "cluster --input in.csv --output o --min-cluster-size 1|--min-cluster-size must be a whole number of"
                        + " rows, at least 2, or auto, got '1'",
                "cluster --input in.csv --output o --min-cluster-size some|--min-cluster-size must be a whole number"
                        + " of rows, at least 2, or auto, got 'some'",
                "pipeline --input in.csv --output o --min-cluster-size 5 --k 3|give --min-cluster-size (HDBSCAN*) or a"
                        + " flat cut",
                "cluster --input in.csv --output o --min-cluster-size 5 --min-samples 0|--min-samples must be a whole"
                        + " number of rows, at least 1",
                "cluster --input in.csv --output o --min-cluster-size 5 --cluster-selection best|--cluster-selection"
                        + " must be one of eom",
                "cluster --input in.csv --output o --min-cluster-size 5 --cluster-selection-epsilon -1|"
                        + "--cluster-selection-epsilon must be a finite distance, at least 0",
                "mahalanobis --input in.csv --output o --alpha x|--alpha must be a number in (0, 1)",
                "fit-gaussian --input in.csv --output o --epochs 0|--epochs must be a whole number",
                "fit-mixture --input in.csv --output o|missing required option --k",
                "fit-mixture --input in.csv --output o --k 0|--k must be a whole number, at least 1",
                "covariance --input in.csv --output o --delimiter ab|--delimiter must be one character",
                "covariance --input in.csv --output o --nope 1|unknown option --nope",
                "pipeline --input in.csv --output o --regularization ledoit-wolf|needs the training rows",
                "nojob|unknown job 'nojob'",
                "bench covariance --scenario ml|--scenario of bench covariance must be one of",
                "bench cluster --rows 3|bench needs --rows and --cols of at least 4",
                "bench covariance --scenario scaling --cols 100|the scaling scenario doubles the width from 256",
                "pipeline --input in.csv|missing required option --output"
            })
    void usageErrorsBeforeSparkStarts(String argsAndMessage) {
        String[] parts = argsAndMessage.split("\\|");
        JobRunner.Result r = checkOnly(parts[0].split(" "));
        assertEquals(2, r.exitCode(), r.stderr());
        assertTrue(r.stderr().lines().findFirst().orElseThrow().contains(parts[1]), r.stderr());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "cluster --k 3 --distance-threshold 0.5|give --k or --distance-threshold, not both",
                "cluster --regularization oas|--model and --regularization apply to --metric mahalanobis only",
                "cluster --model m.json|--model and --regularization apply to --metric mahalanobis only",
                "cluster --min-samples 5|--min-samples applies to HDBSCAN* only: add --min-cluster-size",
                "cluster --cluster-selection leaf|--cluster-selection applies to HDBSCAN* only",
                "cluster --cluster-selection-epsilon 0.5|--cluster-selection-epsilon applies to HDBSCAN* only",
                "cluster --allow-single-cluster|--allow-single-cluster applies to HDBSCAN* only",
                "cluster --min-cluster-size 5 --k 3|--k and --distance-threshold cut single linkage; HDBSCAN*",
                "cluster --min-cluster-size 5 --distance-threshold 1|--k and --distance-threshold cut single linkage",
                "cluster --metric mahalanobis --model m.json --regularization ledoit-wolf|"
                        + "--regularization ledoit-wolf needs the training rows",
                "mahalanobis --model m.json --regularization ledoit-wolf|"
                        + "--regularization ledoit-wolf needs the training rows",
                "covariance --columns a,b --features-col f|--columns and --features-col exclude each other",
                "covariance --columns a,b,a|--columns names 'a' twice",
                "mahalanobis --id-column id --columns id,a|--columns names the --id-column 'id', which is never data",
                "fit-gaussian --group-by g --id-column id|give --group-by or --id-column, not both",
                "fit-gaussian --group-by g --columns a,g|--columns names the --group-by column 'g'",
                "pipeline --resume --overwrite|give --resume (continue DIR) or --overwrite (replace DIR), not both",
                "pipeline --k 2 --distance-threshold 1|give --k or --distance-threshold, not both",
                "pipeline --columns a --features-col f|--columns and --features-col exclude each other"
            })
    void combinedOptionErrorsBeforeSparkStarts(String argsAndMessage) {
        String[] parts = argsAndMessage.split("\\|");
        String[] job = parts[0].split(" ");
        List<String> args = new ArrayList<>(List.of(job[0], "--input", "in.csv", "--output", "o"));
        args.addAll(List.of(job).subList(1, job.length));
        assertOneUsageLine(checkOnly(args.toArray(String[]::new)), job[0], parts[1]);
    }

    @Test
    void aLocalOutputThatExistsOrHoldsTheInputIsAUsageErrorBeforeSparkStarts() throws IOException {
        Path in = JobRunner.write(tmp, "in.csv", "a,b\n1,2\n2,5\n3,1\n");
        Path out = tmp.resolve("out");
        JobRunner.write(Files.createDirectories(out), "kept.txt", "not mvstat's");
        String[] existing = {"covariance", "--input", in.toString(), "--output", out.toString()};
        assertOneUsageLine(checkOnly(existing), "covariance", "exists and is not empty; use --overwrite");
        String[] overwrite = {"covariance", "--input", in.toString(), "--output", out.toString(), "--overwrite"};
        assertEquals(0, Main.launch(overwrite, (job, options) -> 0), "--overwrite may replace it");
        String[] holding = {"mahalanobis", "--input", in.toString(), "--output", tmp.toString(), "--overwrite"};
        assertOneUsageLine(checkOnly(holding), "mahalanobis", "is or contains the input");
    }

    /** Exit 2 and one line on stderr: the job's error line, holding {@code message}. */
    private static void assertOneUsageLine(JobRunner.Result r, String job, String message) {
        assertEquals(2, r.exitCode(), r.stderr());
        List<String> lines = r.stderr().lines().toList();
        assertEquals(1, lines.size(), r.stderr());
        assertTrue(lines.get(0).startsWith("mvstat " + job + ": error: "), r.stderr());
        assertTrue(lines.get(0).contains(message), r.stderr());
    }

    @Test
    void successPrintsOneLineWithWhereAndWhat() {
        Path in = JobRunner.write(tmp, "in.csv", "a,b,name\n1,2,x\n2,5,y\n3,1,z\n");
        Path out = tmp.resolve("out");
        JobRunner.Result r = JobRunner.run("covariance", "--input", in.toString(), "--output", out.toString());
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals(
                List.of("mvstat covariance: wrote " + out + " (3 rows, columns a, b)"),
                r.stdout().lines().toList());
    }

    @Test
    void successLineCountsManyChosenColumnsInsteadOfNamingThem() {
        StringBuilder csv = new StringBuilder("c0");
        for (int j = 1; j < 12; j++) {
            csv.append(",c").append(j);
        }
        for (int i = 0; i < 20; i++) {
            csv.append('\n').append(i);
            for (int j = 1; j < 12; j++) {
                csv.append(',').append((i * 7 + j * 13) % 11 + j);
            }
        }
        Path in = JobRunner.write(tmp, "in.csv", csv + "\n");
        Path out = tmp.resolve("out");
        JobRunner.Result r = JobRunner.run("covariance", "--input", in.toString(), "--output", out.toString());
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals(
                List.of("mvstat covariance: wrote " + out + " (20 rows, 12 columns c0, c1 … c11)"),
                r.stdout().lines().toList());
    }

    @Test
    void semicolonHeaderNamesTheDelimiter() {
        Path in = JobRunner.write(tmp, "in.csv", "a;b\n1;2\n2;5\n3;1\n");
        Path out = tmp.resolve("out");
        JobRunner.Result r = JobRunner.run("covariance", "--input", in.toString(), "--output", out.toString());
        JobRunner.assertFails(r, 3, out, "no numeric column among [a;b]", "the header holds ';': try --delimiter ';'");
        JobRunner.Result fixed =
                JobRunner.run("covariance", "--input", in.toString(), "--output", out.toString(), "--delimiter", ";");
        assertEquals(0, fixed.exitCode(), fixed.stderr());
    }

    @Test
    void tabDelimitedInput() {
        Path in = JobRunner.write(tmp, "in.csv", "a\tb\n1\t2\n2\t5\n3\t1\n");
        Path out = tmp.resolve("out");
        JobRunner.Result hint = JobRunner.run("covariance", "--input", in.toString(), "--output", out.toString());
        JobRunner.assertFails(hint, 3, out, "try --delimiter tab");
        for (String tab : List.of("tab", "\\t")) {
            JobRunner.Result r = JobRunner.run(
                    "covariance",
                    "--input",
                    in.toString(),
                    "--output",
                    out.toString(),
                    "--overwrite",
                    "--delimiter",
                    tab);
            assertEquals(0, r.exitCode(), r.stderr());
            assertTrue(r.stdout().contains("(3 rows, columns a, b)"), r.stdout());
        }
    }

    @Test
    void automaticColumnsLeaveOutWhatTheJobsAdd() throws IOException {
        Path in = JobRunner.write(
                tmp,
                "scores.csv",
                "a,b,row_index,mahalanobis_sq,p_value,is_outlier,cluster,probability,outlier_score,component,"
                        + "probability_0\n1,2,0,0.5,0.7,false,1,1,0,0,1\n2,5,1,1.5,0.4,false,1,0.5,0.5,0,1\n"
                        + "3,1,2,2.5,0.2,false,2,0,1,0,1\n");
        Path out = tmp.resolve("out");
        JobRunner.Result r = JobRunner.run("covariance", "--input", in.toString(), "--output", out.toString());
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stdout().contains("(3 rows, columns a, b)"), r.stdout());
        JsonNode summary =
                new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertEquals("[\"a\",\"b\"]", summary.get("columns").toString());
        assertTrue(
                summary.get("warnings")
                        .toString()
                        .contains(
                                "left out the columns mvstat's jobs add: row_index, mahalanobis_sq, p_value, is_outlier, cluster,"
                                        + " probability, outlier_score, component, probability_0"),
                summary.toString());
    }
}

package dev.mvstat.jobs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The covariance benchmark on small inputs: it runs both sides and prints their ratio, the pass's
 * floor, and for the grouped scenario how far the two sides' results are apart.
 */
class BenchJobTest {

    @TempDir
    Path tmp;

    @Test
    void cachedScenarioPrintsTheRatioAndTheFloor() {
        String out = printed("bench", "covariance", "--scenario", "cached", "--rows", "3000", "--cols", "12",
                "--repeat", "1", "--work-dir", tmp.toString());
        for (String figure : new String[] {"mvstat +(\\S+) s", "baseline +(\\S+) s", "ratio +(\\S+)x faster",
                "count\\) +(\\S+) s", "every value +(\\S+) s", "in-cache block +(\\S+) s",
                "kernel - count +(\\S+) s", "at most (\\S+)x against"}) {
            assertTrue(Double.isFinite(number(out, figure)), figure + " in:\n" + out);
        }
    }

    @Test
    void groupedScenarioPrintsBothTimesAndTheSidesAgree() {
        String out = printed("bench", "covariance", "--scenario", "grouped", "--rows", "2000", "--cols", "6",
                "--partitions", "3", "--repeat", "1", "--work-dir", tmp.toString());
        assertTrue(out.contains("covariance + Pearson of each of 10 groups"), out);
        for (String figure : new String[] {"mvstat +(\\S+) s", "baseline +(\\S+) s", "ratio +(\\S+)x faster"}) {
            double value = number(out, figure);
            assertTrue(Double.isFinite(value) && value > 0, figure + " in:\n" + out);
        }
        assertTrue(number(out, "over the 10 groups: covariance (\\S+)") <= 1e-12, out);
        assertTrue(number(out, "\\), correlation (\\S+)") <= 1e-12, out);
    }

    @Test
    void unknownSubjectIsAUsageError() {
        JobRunner.Result r = JobRunner.run("bench", "everything", "--work-dir", tmp.toString());
        assertEquals(ExitCode.USAGE.code(), r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("name what to benchmark"), r.stderr());
    }

    /** Runs a job that must succeed and returns what it printed on stdout. */
    private static String printed(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        JobRunner.Result r;
        try {
            r = JobRunner.run(args);
        } finally {
            System.setOut(original);
        }
        assertEquals(0, r.exitCode(), r.stderr());
        return captured.toString(StandardCharsets.UTF_8);
    }

    private static double number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "no match for " + regex + " in:\n" + text);
        return Double.parseDouble(m.group(1));
    }
}

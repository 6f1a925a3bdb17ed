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

/** The covariance benchmark on a small input: it runs both sides and prints their ratio and the pass's floor. */
class BenchJobTest {

    @TempDir
    Path tmp;

    @Test
    void cachedScenarioPrintsTheRatioAndTheFloor() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        JobRunner.Result r;
        try {
            r = JobRunner.run("bench", "covariance", "--scenario", "cached", "--rows", "3000", "--cols", "12",
                    "--repeat", "1", "--work-dir", tmp.toString());
        } finally {
            System.setOut(original);
        }
        assertEquals(0, r.exitCode(), r.stderr());
        String out = captured.toString(StandardCharsets.UTF_8);
        for (String figure : new String[] {"mvstat +(\\S+) s", "baseline +(\\S+) s", "ratio +(\\S+)x faster",
                "count\\) +(\\S+) s", "every value +(\\S+) s", "in-cache block +(\\S+) s",
                "kernel - count +(\\S+) s", "at most (\\S+)x against"}) {
            assertTrue(Double.isFinite(number(out, figure)), figure + " in:\n" + out);
        }
    }

    @Test
    void unknownSubjectIsAUsageError() {
        JobRunner.Result r = JobRunner.run("bench", "everything", "--work-dir", tmp.toString());
        assertEquals(ExitCode.USAGE.code(), r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("name what to benchmark"), r.stderr());
    }

    private static double number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "no match for " + regex + " in:\n" + text);
        return Double.parseDouble(m.group(1));
    }
}

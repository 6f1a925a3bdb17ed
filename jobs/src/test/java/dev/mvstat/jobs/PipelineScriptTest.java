package dev.mvstat.jobs;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * submit-scripts/pipeline.sh beside a stand-in for submit.sh that records its arguments, waits
 * for a release file when asked and exits with a given code: the dated directory, the lock, the
 * exit code passed through, usage errors.
 */
class PipelineScriptTest {

    private static final String STAND_IN = """
            #!/usr/bin/env bash
            printf '%s\\n' "$*" >> "$STUB_CALLS"
            touch "$STUB_STARTED"
            while [ -n "${STUB_RELEASE:-}" ] && [ ! -e "$STUB_RELEASE" ]; do sleep 0.05; done
            exit "${STUB_EXIT:-0}"
            """;
    /** How long a stand-in may take to start: a bound against hanging, not a timing assertion. */
    private static final long START_BOUND_MS = 60_000;

    @TempDir
    Path tmp;

    private Path script;
    private Path root;

    /** A finished run of the script: its exit code and its stderr. */
    private record Run(int exitCode, String stderr) {}

    /** A started run of the script and the file its stderr goes to. */
    private record Started(Process process, Path stderr) {

        Run finish() throws Exception {
            return new Run(process.waitFor(), Files.readString(stderr));
        }
    }

    @BeforeEach
    void copyTheScriptBesideAStandIn() throws IOException {
        Path scripts = Files.createDirectories(tmp.resolve("submit-scripts"));
        script = Files.copy(Path.of("..", "submit-scripts", "pipeline.sh"), scripts.resolve("pipeline.sh"));
        Path submit = Files.writeString(scripts.resolve("submit.sh"), STAND_IN);
        Files.setPosixFilePermissions(submit, PosixFilePermissions.fromString("rwxr-xr-x"));
        root = tmp.resolve("root");
    }

    /** Starts the script; {@code env} adds to the stand-in's environment (STUB_RELEASE, STUB_EXIT). */
    private Started start(Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        Path stderr = Files.createTempFile(tmp, "stderr", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(stderr.toFile());
        builder.environment()
                .putAll(Map.of(
                        "STUB_CALLS",
                        tmp.resolve("calls").toString(),
                        "STUB_STARTED",
                        tmp.resolve("started").toString()));
        builder.environment().putAll(env);
        return new Started(builder.start(), stderr);
    }

    private Run run(Map<String, String> env, String... args) throws Exception {
        return start(env, args).finish();
    }

    /** @return the stand-in's calls, one line of arguments each */
    private List<String> calls() throws IOException {
        Path calls = tmp.resolve("calls");
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }

    /** Waits until the stand-in of a started run has begun, so that the run holds the lock. */
    private void awaitStandIn(Started run) throws Exception {
        long deadline = System.currentTimeMillis() + START_BOUND_MS;
        while (!Files.exists(tmp.resolve("started"))) {
            if (!run.process().isAlive() || System.currentTimeMillis() > deadline) {
                fail("the first run did not start its pipeline: " + Files.readString(run.stderr()));
            }
            Thread.sleep(20);
        }
    }

    @Test
    void runsThePipelineWithResumeIntoTheDatedDirectory() throws Exception {
        Run r = run(
                Map.of(),
                "--input",
                "in.csv",
                "--output-root",
                root.toString(),
                "--date",
                "2024-05-01",
                "--k",
                "4",
                "--master",
                "local[2]");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals(
                List.of("pipeline --input in.csv --output " + root.resolve("2024-05-01")
                        + " --resume --k 4 --master local[2]"),
                calls());
        try (var entries = Files.list(root)) {
            assertEquals(
                    List.of(root.resolve("2024-05-01")),
                    entries.toList(),
                    "nothing but the dated directory, no lock file");
        }
    }

    @Test
    void theDateDefaultsToTodayInUtc() throws Exception {
        LocalDate before = LocalDate.now(ZoneOffset.UTC);
        assertEquals(
                0,
                run(Map.of(), "--input", "in.csv", "--output-root", root.toString())
                        .exitCode());
        LocalDate after = LocalDate.now(ZoneOffset.UTC);
        String call = calls().get(0);
        assertTrue(
                call.contains("--output " + root.resolve(before.toString()) + " ")
                        || call.contains("--output " + root.resolve(after.toString()) + " "),
                call);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4})
    void thePipelineExitCodeIsPassedThrough(int code) throws Exception {
        Run r = run(Map.of("STUB_EXIT", Integer.toString(code)), "--input", "in.csv", "--output-root", root.toString());
        assertEquals(code, r.exitCode(), r.stderr());
    }

    @Test
    void aSecondRunOfTheSameDateExits75WhileTheFirstHoldsTheLock() throws Exception {
        Path release = tmp.resolve("release");
        Started first = start(
                Map.of("STUB_RELEASE", release.toString()),
                "--input",
                "in.csv",
                "--output-root",
                root.toString(),
                "--date",
                "2024-05-01");
        try {
            awaitStandIn(first);
            Run second = run(Map.of(), "--input", "in.csv", "--output-root", root.toString(), "--date", "2024-05-01");
            assertEquals(75, second.exitCode(), second.stderr());
            assertEquals(
                    List.of("pipeline.sh: error: another run of 2024-05-01 holds the lock on "
                            + root.resolve("2024-05-01") + "; not starting a second one"),
                    second.stderr().lines().toList());
            Run otherDay = run(Map.of(), "--input", "in.csv", "--output-root", root.toString(), "--date", "2024-05-02");
            assertEquals(0, otherDay.exitCode(), "each date has its own lock: " + otherDay.stderr());
        } finally {
            Files.createFile(release);
        }
        assertEquals(0, first.finish().exitCode());
        assertEquals(2, calls().size(), "the second run of 2024-05-01 never started the pipeline: " + calls());
        assertEquals(
                0,
                run(Map.of(), "--input", "in.csv", "--output-root", root.toString(), "--date", "2024-05-01")
                        .exitCode(),
                "the lock is free once the first run ended");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--input in.csv|missing required option --output-root",
                "--output-root ROOT|missing required option --input",
                "--input in.csv --output-root ROOT --date 2024-02-30|--date must be a date YYYY-MM-DD, got '2024-02-30'",
                "--input in.csv --output-root ROOT --date 20240501|--date must be a date YYYY-MM-DD",
                "--input in.csv --output-root ROOT --output out|give --output-root ROOT, not --output",
                "--input in.csv --output-root ROOT --date|--date needs a value"
            })
    void badArgumentsAreUsageErrors(String args, String message) throws Exception {
        Run r = run(Map.of(), args.replace("ROOT", root.toString()).split(" "));
        assertEquals(2, r.exitCode(), r.stderr());
        assertEquals(1, r.stderr().lines().count(), r.stderr());
        assertTrue(r.stderr().startsWith("pipeline.sh: error: ") && r.stderr().contains(message), r.stderr());
        assertEquals(List.of(), calls());
    }
}

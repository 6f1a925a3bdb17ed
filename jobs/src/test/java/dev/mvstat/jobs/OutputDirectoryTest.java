package dev.mvstat.jobs;

import dev.mvstat.jobs.cli.ExitCode;
import dev.mvstat.jobs.cli.JobException;
import dev.mvstat.jobs.output.OutputDirectory;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The output contract: staged, renamed into place with _SUCCESS last, one writer at a time, and
 * nothing but the output left.
 */
class OutputDirectoryTest {

    @TempDir
    Path dir;

    @Test
    void aSecondRunToTheSameOutputFailsWhileTheFirstWrites() throws Exception {
        String output = dir.resolve("out").toString();
        try (OutputDirectory first = prepare(output)) {
            first.writeText("first.txt", "first");
            JobException e = assertThrows(JobException.class, () -> prepare(output));
            assertEquals(ExitCode.USAGE, e.exitCode());
            assertTrue(e.getMessage().contains("is being written by another run"), e.getMessage());
            first.commit();
        }
        assertTrue(Files.exists(dir.resolve("out/first.txt")) && Files.exists(dir.resolve("out/_SUCCESS")));
        assertEquals(List.of("out"), listing(dir), "nothing beside the output");
    }

    @Test
    void runsRacingForTheSameOutputNeverWriteItTogether() throws Exception {
        String output = dir.resolve("out").toString();
        AtomicInteger writing = new AtomicInteger();
        AtomicInteger committed = new AtomicInteger();
        ExecutorService runs = Executors.newFixedThreadPool(4);
        List<Future<?>> attempts = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            attempts.add(runs.submit(() -> {
                try (OutputDirectory out = prepare(output)) {
                    assertEquals(1, writing.incrementAndGet(), "one writer at a time");
                    out.writeText("a.txt", "a");
                    writing.decrementAndGet();
                    out.commit();
                    committed.incrementAndGet();
                } catch (JobException busy) {
                    assertTrue(busy.getMessage().contains("is being written by another run"), busy.getMessage());
                }
            }));
        }
        for (Future<?> attempt : attempts) {
            attempt.get();
        }
        runs.shutdown();
        assertTrue(committed.get() > 0);
        assertEquals(List.of("out"), listing(dir));
    }

    @Test
    void aCommittedOutputLeavesNothingBesideItAndNoChecksumFileInIt() throws Exception {
        String output = dir.resolve("out").toString();
        try (OutputDirectory out = prepare(output)) {
            out.writeText("a.txt", "a");
            out.commit();
        }
        assertEquals(List.of("out"), listing(dir));
        assertEquals(List.of("_SUCCESS", "a.txt"), listing(dir.resolve("out")));
    }

    @Test
    void theNextRunCleansUpWhatAKilledRunLeft() throws Exception {
        // What a run killed while writing leaves: its lock file, no longer locked, and its staging directory.
        Files.writeString(dir.resolve(".out.lock"), "killed");
        Files.createDirectories(dir.resolve(".out.staging-killed"));
        Files.writeString(dir.resolve(".out.staging-killed/partial.txt"), "partial");
        String output = dir.resolve("out").toString();
        try (OutputDirectory next = prepare(output)) {
            next.writeText("done.txt", "done");
            next.commit();
        }
        assertEquals(List.of("out"), listing(dir));
        assertEquals(List.of("_SUCCESS", "done.txt"), listing(dir.resolve("out")));
    }

    @Test
    void theLockIsReleasedWhenARunEndsWithoutCommitting() throws Exception {
        String output = dir.resolve("out").toString();
        try (OutputDirectory abandoned = prepare(output)) {
            abandoned.writeText("partial.txt", "partial");
        }
        assertEquals(List.of(), listing(dir), "nothing at the output, no lock or staging directory beside it");
        try (OutputDirectory next = prepare(output)) {
            next.writeText("done.txt", "done");
            next.commit();
        }
        assertEquals("done", Files.readString(dir.resolve("out/done.txt")));
        try (var staged = Files.list(dir)) {
            assertTrue(staged.noneMatch(p -> p.getFileName().toString().contains("staging")), "no staging left");
        }
    }

    /** @return the names in {@code directory}, hidden ones included, sorted */
    private static List<String> listing(Path directory) throws IOException {
        try (var names = Files.list(directory)) {
            return names.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static OutputDirectory prepare(String output) {
        return OutputDirectory.prepare(output, true, "/nonexistent-input", new Configuration());
    }
}

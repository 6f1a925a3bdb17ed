package dev.mvstat.jobs;

import dev.mvstat.jobs.cli.ExitCode;
import dev.mvstat.jobs.cli.JobException;
import dev.mvstat.jobs.output.OutputDirectory;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The output contract: staged, renamed into place with _SUCCESS last, and one writer at a time. */
class OutputDirectoryTest {

    @TempDir
    Path dir;

    @Test
    void aSecondRunToTheSameOutputFailsWhileTheFirstWrites() {
        String output = dir.resolve("out").toString();
        try (OutputDirectory first = prepare(output)) {
            first.writeText("first.txt", "first");
            JobException e = assertThrows(JobException.class, () -> prepare(output));
            assertEquals(ExitCode.USAGE, e.exitCode());
            assertTrue(e.getMessage().contains("is being written by another run"), e.getMessage());
            first.commit();
        }
        assertTrue(Files.exists(dir.resolve("out/first.txt")) && Files.exists(dir.resolve("out/_SUCCESS")));
    }

    @Test
    void theLockIsReleasedWhenARunEndsWithoutCommitting() throws Exception {
        String output = dir.resolve("out").toString();
        try (OutputDirectory abandoned = prepare(output)) {
            abandoned.writeText("partial.txt", "partial");
        }
        assertFalse(Files.exists(dir.resolve("out")), "nothing at the output");
        try (OutputDirectory next = prepare(output)) {
            next.writeText("done.txt", "done");
            next.commit();
        }
        assertEquals("done", Files.readString(dir.resolve("out/done.txt")));
        try (var staged = Files.list(dir)) {
            assertTrue(staged.noneMatch(p -> p.getFileName().toString().contains("staging")), "no staging left");
        }
    }

    private static OutputDirectory prepare(String output) {
        return OutputDirectory.prepare(output, true, "/nonexistent-input", new Configuration());
    }
}

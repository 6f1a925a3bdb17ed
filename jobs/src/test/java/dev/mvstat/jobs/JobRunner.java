package dev.mvstat.jobs;

import dev.mvstat.testing.SparkTestSession;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs jobs through {@link Main#run} in the shared test session, capturing what they print. */
final class JobRunner {

    /** A finished run: its exit code, its stderr and its stdout. */
    record Result(int exitCode, String stderr, String stdout) {}

    private JobRunner() {}

    static Result run(String... args) {
        return captured(() -> Main.run(SparkTestSession.get(), args));
    }

    /** Runs {@code main}, which returns an exit code, capturing what it prints. */
    static synchronized Result captured(IntSupplier main) {
        PrintStream originalErr = System.err;
        PrintStream originalOut = System.out;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int code = main.getAsInt();
            return new Result(code, err.toString(StandardCharsets.UTF_8), out.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(originalErr);
            System.setOut(originalOut);
        }
    }

    /** Writes a small input file. */
    static Path write(Path dir, String name, String content) {
        try {
            Path file = dir.resolve(name);
            Files.writeString(file, content);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A failed run: the exit code, exactly one line of the job's own, containing every fragment, and
     * no output left behind (no {@code _SUCCESS} in {@code out}, no staging directory or lock file beside it).
     */
    static void assertFails(Result r, int exitCode, Path out, String... fragments) {
        assertEquals(exitCode, r.exitCode(), r.stderr());
        List<String> lines =
                r.stderr().lines().filter(l -> l.startsWith("mvstat ")).toList();
        assertEquals(1, lines.size(), r.stderr());
        for (String f : fragments) {
            assertTrue(lines.get(0).contains(f), "'" + f + "' in: " + lines.get(0));
        }
        assertFalse(Files.exists(out.resolve("_SUCCESS")));
        assertEquals(List.of(), strays(out.getParent()), "left behind");
    }

    /** A finished output: nothing beside {@code out} that is about it, and no staging, lock or checksum file in it. */
    static void assertOnlyOutput(Path out) {
        try (var beside = Files.list(out.getParent())) {
            assertEquals(
                    List.of(),
                    beside.map(p -> p.getFileName().toString())
                            .filter(n -> n.startsWith("." + out.getFileName()))
                            .toList(),
                    "beside " + out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertEquals(List.of(), strays(out), "in " + out);
    }

    /** @return the staging directories, lock and checksum files in or below {@code dir} */
    private static List<Path> strays(Path dir) {
        try (var all = Files.walk(dir)) {
            return all.filter(p -> {
                        String n = p.getFileName().toString();
                        return n.contains(".staging-") || n.endsWith(".lock") || n.endsWith(".crc");
                    })
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs jobs through {@link Main#run} in the shared test session, capturing what they print on stderr. */
final class JobRunner {

    /** A finished run: its exit code and its stderr. */
    record Result(int exitCode, String stderr) {}

    private JobRunner() {}

    static synchronized Result run(String... args) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int code = Main.run(SparkTestSession.get(), args);
            return new Result(code, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(original);
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
     * no output left behind (no {@code _SUCCESS} in {@code out}, no staging directory beside it).
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
        try (var listing = Files.list(out.getParent())) {
            assertEquals(
                    List.of(),
                    listing.map(p -> p.getFileName().toString())
                            .filter(n -> n.contains("staging"))
                            .toList(),
                    "staging directory left behind");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

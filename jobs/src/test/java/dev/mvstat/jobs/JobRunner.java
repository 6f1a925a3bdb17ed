package dev.mvstat.jobs;

import dev.mvstat.testing.SparkTestSession;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs jobs through {@link Main#run} in the shared test session, capturing what they print on stderr. */
final class JobRunner {

    /** A finished run: its exit code and its stderr. */
    record Result(int exitCode, String stderr) {
    }

    private JobRunner() {
    }

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
}

package dev.mvstat.ml;

import org.apache.spark.ml.util.MLWritable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks every saved model form must pass: an unknown version and corrupt content are rejected clearly. */
final class SavedModelChecks {

    private SavedModelChecks() {}

    /**
     * Saves the model three times, spoils each copy (state version, with and without its checksum
     * file; state JSON; metadata), and checks that loading fails with a message naming the path and
     * what is wrong.
     *
     * @param model a fitted model
     * @param load  its class's {@code load}
     * @param dir   an empty directory
     */
    static void assertSpoiledCopiesAreRejected(MLWritable model, Function<String, ?> load, Path dir)
            throws IOException {
        Path version = save(model, dir.resolve("version"));
        Path state = version.resolve("data/model.json");
        Matcher current = Pattern.compile("\"version\":(\\d+)").matcher(Files.readString(state));
        assertTrue(current.find(), "the state names its version");
        Files.writeString(state, Files.readString(state).replace(current.group(), "\"version\":77"));
        assertRejected(load, version, "does not match its checksum");
        Files.delete(version.resolve("data/.model.json.crc"));
        assertRejected(load, version, "unknown format version 77, expected " + current.group(1));

        Path truncated = save(model, dir.resolve("truncated"));
        Path json = truncated.resolve("data/model.json");
        String text = Files.readString(json);
        Files.writeString(json, text.substring(0, text.length() / 2));
        Files.delete(truncated.resolve("data/.model.json.crc"));
        assertRejected(load, truncated, "not valid JSON");

        Path metadata = save(model, dir.resolve("metadata"));
        try (Stream<Path> parts = Files.list(metadata.resolve("metadata"))) {
            for (Path part : parts.filter(p -> p.getFileName().toString().startsWith("part-"))
                    .toList()) {
                Files.writeString(part, "{not json");
            }
        }
        assertRejected(load, metadata, "cannot read the model's metadata");
    }

    private static Path save(MLWritable model, Path path) throws IOException {
        model.write().overwrite().save(path.toString());
        return path;
    }

    private static void assertRejected(Function<String, ?> load, Path path, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> load.apply(path.toString()));
        assertTrue(
                e.getMessage().contains(path.getFileName().toString())
                        && e.getMessage().contains(reason),
                e.getMessage());
    }
}

package dev.mvstat.jobs.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mvstat.jobs.cli.JobException;
import dev.mvstat.jobs.output.ChecksumFiles;
import dev.mvstat.jobs.output.OutputDirectory;
import dev.mvstat.jobs.output.OutputLock;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The pipeline's directory DIR on any Hadoop file system: one directory per stage, each written
 * atomically by its job; summary.json, replaced after every stage (the bookkeeping {@code --resume}
 * reads); report.html; and {@code _SUCCESS}, written last and removed when a run starts. DIR is not
 * renamed into place as a whole, or a failed run could not be resumed: a reader waits for
 * {@code DIR/_SUCCESS}. An {@link OutputLock} on DIR, held until {@link #close}, keeps a second
 * run from writing it at the same time. Its files are written without checksum files ({@link ChecksumFiles}).
 */
public final class PipelineDirectory implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineDirectory.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SUMMARY = "summary.json";
    private static final String REPORT = "report.html";
    private static final String SUCCESS = "_SUCCESS";

    private final FileSystem fs;
    private final Path root;
    /** Each stage's entry of the summary.json found at the start, by stage directory (empty without resume). */
    private final Map<String, JsonNode> recorded;

    private final OutputLock lock;

    private PipelineDirectory(FileSystem fs, Path root, Map<String, JsonNode> recorded, OutputLock lock) {
        this.fs = fs;
        this.root = root;
        this.recorded = recorded;
        this.lock = lock;
    }

    /**
     * Checks the directory and opens it for a run: with {@code overwrite} an existing one is
     * deleted; with {@code resume} its summary.json is read; {@code _SUCCESS} and report.html are removed.
     *
     * @throws JobException (usage) when DIR is or contains the input, or exists, is not empty and
     *                      neither {@code resume} nor {@code overwrite} is given, or another run is writing it
     */
    static PipelineDirectory open(PipelineSettings settings, Configuration hadoop) {
        try {
            FileSystem fs = ChecksumFiles.withoutChecksums(new Path(settings.output()).getFileSystem(hadoop));
            Path root = fs.makeQualified(new Path(settings.output()));
            OutputDirectory.requireApart(
                    root, settings.output(), settings.input().path(), hadoop);
            return OutputLock.acquireFor(fs, root, lock -> openLocked(settings, fs, root, lock));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare output " + settings.output(), e);
        }
    }

    private static PipelineDirectory openLocked(PipelineSettings settings, FileSystem fs, Path root, OutputLock lock)
            throws IOException {
        boolean exists = fs.exists(root);
        if (exists && fs.isFile(root)) {
            throw JobException.usage("output " + settings.output() + " is a file; the pipeline writes a directory");
        }
        if (exists && fs.listStatus(root).length > 0 && !settings.resume() && !settings.overwrite()) {
            throw JobException.usage("output " + settings.output() + " exists and is not empty; use --overwrite to"
                    + " replace it or --resume to continue it");
        }
        if (exists && settings.overwrite()) {
            fs.delete(root, true);
        }
        fs.mkdirs(root);
        PipelineDirectory dir =
                new PipelineDirectory(fs, root, settings.resume() ? readRecorded(fs, root) : Map.of(), lock);
        fs.delete(new Path(root, SUCCESS), false);
        fs.delete(new Path(root, REPORT), false);
        return dir;
    }

    /** The stage entries of an earlier run's summary.json; none when it is missing or unreadable. */
    private static Map<String, JsonNode> readRecorded(FileSystem fs, Path root) throws IOException {
        Map<String, JsonNode> stages = new HashMap<>();
        Path summary = new Path(root, SUMMARY);
        if (fs.exists(summary)) {
            try (InputStream in = fs.open(summary)) {
                MAPPER.readTree(in)
                        .path("stages")
                        .forEach(s -> stages.put(s.path("stage").asText(), s));
            } catch (IOException e) {
                LOG.warn("cannot read {}, so every stage runs again: {}", summary, e.getMessage());
            }
        }
        return stages;
    }

    /** @return the stage's entry of the summary.json found at the start, or null */
    JsonNode recorded(PipelineStage stage) {
        return recorded.get(stage.directory());
    }

    /** @return whether the stage's directory was committed ({@code _SUCCESS} in it) */
    boolean committed(PipelineStage stage) {
        try {
            return fs.exists(stageFile(stage, SUCCESS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path stageFile(PipelineStage stage, String name) {
        return new Path(new Path(root, stage.directory()), name);
    }

    /** @return the {@link Fingerprint} of the stage's directory */
    String fingerprint(PipelineStage stage) {
        return Fingerprint.of(fs, new Path(root, stage.directory()));
    }

    /** @return the stage's summary.json */
    JsonNode stageSummary(PipelineStage stage) {
        try (InputStream in = fs.open(stageFile(stage, SUMMARY))) {
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the " + stage.directory() + " stage's " + SUMMARY, e);
        }
    }

    /** @return the stage's report.html */
    String stageReport(PipelineStage stage) {
        try (InputStream in = fs.open(stageFile(stage, REPORT))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the " + stage.directory() + " stage's " + REPORT, e);
        }
    }

    void writeSummary(String json) {
        replace(SUMMARY, json);
    }

    void writeReport(String html) {
        replace(REPORT, html);
    }

    /** Writes {@code _SUCCESS}: the pipeline is complete. */
    void commit() {
        try {
            fs.create(new Path(root, SUCCESS), true).close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot commit " + root, e);
        }
    }

    /** Replaces a file of DIR by writing a hidden file beside it and renaming it. */
    private void replace(String name, String text) {
        Path target = new Path(root, name);
        Path hidden = new Path(root, "." + name + ".tmp");
        try {
            try (FSDataOutputStream out = fs.create(hidden, true)) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
            }
            fs.delete(target, false);
            if (!fs.rename(hidden, target)) {
                throw new IOException("rename " + hidden + " -> " + target + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    /** Releases the lock on DIR. */
    @Override
    public void close() {
        lock.close();
    }
}

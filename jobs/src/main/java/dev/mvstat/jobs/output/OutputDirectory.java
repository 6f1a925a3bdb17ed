package dev.mvstat.jobs.output;

import dev.mvstat.jobs.cli.JobException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.UUID;

/**
 * A job's output, written atomically: everything goes to a staging directory beside
 * {@code --output}, which is renamed into place at the end, and {@code _SUCCESS} is written last.
 * A reader that sees {@code --output} sees all of it. Closing it without a commit deletes the
 * staging directory and leaves the target untouched, as does a shutdown of the JVM before the commit
 * (SIGTERM, SIGINT: see {@link OutputLock}). An {@link OutputLock} keeps a second run from writing
 * the same output meanwhile; holding it, a run deletes the staging directories a killed run left. Nothing but the output stays beside it, and no checksum file in it ({@link ChecksumFiles}).
 * Works on any Hadoop file system.
 */
public final class OutputDirectory implements AutoCloseable {

    /** Bytes buffered before a write reaches the file system. */
    private static final int BUFFER = 1 << 20;

    private final FileSystem fs;
    private final Path target;
    private final Path staging;
    private final boolean overwrite;
    private final OutputLock lock;
    private boolean committed;
    /** Whether the staging directory was deleted uncommitted: it can no longer be committed. */
    private boolean discarded;

    private OutputDirectory(FileSystem fs, Path target, Path staging, boolean overwrite, OutputLock lock) {
        this.fs = fs;
        this.target = target;
        this.staging = staging;
        this.overwrite = overwrite;
        this.lock = lock;
    }

    /**
     * Checks the target and creates the staging directory.
     *
     * @param input the job's input, which the output must not contain or be
     * @throws JobException (usage) when the target exists, is not empty and {@code overwrite} is
     *                      false, when it is or contains the input, or when another run is writing it
     */
    public static OutputDirectory prepare(String output, boolean overwrite, String input, Configuration conf) {
        try {
            FileSystem fs = ChecksumFiles.withoutChecksums(new Path(output).getFileSystem(conf));
            Path target = fs.makeQualified(new Path(output));
            requireApart(target, output, input, conf);
            return OutputLock.acquireFor(fs, target, lock -> {
                requireEmpty(fs, target, output, overwrite);
                String prefix = "." + target.getName() + ".staging-";
                if (lock.exclusive()) {
                    deleteStaging(fs, target.getParent(), prefix);
                }
                Path staging = new Path(target.getParent(), prefix + UUID.randomUUID());
                fs.mkdirs(staging);
                OutputDirectory dir = new OutputDirectory(fs, target, staging, overwrite, lock);
                lock.onRelease(dir::discard);
                return dir;
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare output " + output, e);
        }
    }

    /**
     * The checks of {@link #prepare} that need no Spark, for an output on the local file system: run
     * before Spark starts, they answer a wrong {@code --output} at once. Any other file system (a
     * scheme such as {@code hdfs:}, or a path without one while {@code HADOOP_CONF_DIR} names a
     * cluster's configuration) is left to {@link #prepare}.
     *
     * @throws JobException (usage) as {@link #prepare}, but for a run writing the output
     */
    public static void checkLocal(String output, boolean overwrite, String input) {
        if (!local(output)) {
            return;
        }
        try {
            Configuration conf = new Configuration(false);
            FileSystem fs = FileSystem.getLocal(conf);
            Path target = fs.makeQualified(new Path(output));
            if (local(input)) {
                requireApart(target, output, input, conf);
            }
            requireEmpty(fs, target, output, overwrite);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check output " + output, e);
        }
    }

    private static boolean local(String path) {
        String scheme = new Path(path).toUri().getScheme();
        return "file".equals(scheme) || scheme == null && System.getenv("HADOOP_CONF_DIR") == null;
    }

    /** @throws JobException (usage) when the target exists, is not empty and {@code overwrite} is false */
    private static void requireEmpty(FileSystem fs, Path target, String output, boolean overwrite) throws IOException {
        if (fs.exists(target) && !overwrite && (fs.isFile(target) || fs.listStatus(target).length > 0)) {
            throw JobException.usage("output " + output + " exists and is not empty; use --overwrite to replace it");
        }
    }

    /** Deletes the staging directories that killed runs left in {@code parent}. */
    private static void deleteStaging(FileSystem fs, Path parent, String prefix) throws IOException {
        for (FileStatus stale : fs.listStatus(parent, p -> p.getName().startsWith(prefix))) {
            fs.delete(stale.getPath(), true);
        }
    }

    /**
     * @param target the qualified output path
     * @throws JobException (usage) when the output is or contains the input
     */
    public static void requireApart(Path target, String output, String input, Configuration conf) throws IOException {
        Path in = new Path(input);
        for (Path p = in.getFileSystem(conf).makeQualified(in); p != null; p = p.getParent()) {
            if (p.equals(target)) {
                throw JobException.usage(
                        "output " + output + " is or contains the input " + input + "; choose another --output");
            }
        }
    }

    /** @return the path of a file or directory inside the staging directory, as a string for Spark writers */
    public String staged(String name) {
        return new Path(staging, name).toString();
    }

    /**
     * Writes rows as a table directory into the staging directory.
     *
     * @param format     {@code parquet}, or {@code csv} for part files with a header
     * @param continuous columns written without dictionary encoding in Parquet ({@link ParquetEncoding})
     */
    public void writeTable(Dataset<Row> rows, String name, String format, Collection<String> continuous) {
        if (format.equals("csv")) {
            rows.write().option("header", "true").csv(staged(name));
        } else {
            ParquetEncoding.plain(rows.write(), continuous).parquet(staged(name));
        }
    }

    /** Writes a small text file into the staging directory. */
    public void writeText(String name, String text) {
        writeFile(name, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Writes a file into the staging directory through a buffered stream. */
    public void writeFile(String name, Content content) {
        try (OutputStream out = new BufferedOutputStream(fs.create(new Path(staging, name), true), BUFFER)) {
            content.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + name, e);
        }
    }

    /** What {@link #writeFile} writes. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Deletes the checksum files Spark's writers left, moves the staging directory into place and writes {@code _SUCCESS}. */
    public synchronized void commit() {
        if (discarded) {
            throw new IllegalStateException(
                    "output " + target + " was discarded before its commit: the JVM shuts down");
        }
        try {
            ChecksumFiles.deleteBelow(fs, staging);
            if (fs.exists(target)) {
                if (!overwrite && (fs.isFile(target) || fs.listStatus(target).length > 0)) {
                    throw JobException.usage("output " + target + " appeared while the job ran; not replacing it");
                }
                fs.delete(target, true);
            }
            if (!fs.rename(staging, target)) {
                throw new IOException("rename " + staging + " -> " + target + " failed");
            }
            fs.create(new Path(target, "_SUCCESS"), true).close();
            committed = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot commit output " + target, e);
        }
    }

    /** Deletes the staging directory unless the output was committed (the target is untouched), and releases the lock. */
    @Override
    public void close() {
        lock.close();
    }

    /** Deletes the staging directory unless the output was committed; the lock's cleanup. */
    private synchronized void discard() {
        if (committed) {
            return;
        }
        discarded = true;
        try {
            fs.delete(staging, true);
        } catch (IOException ignored) {
            // best effort: a stale staging directory is hidden and never read, and the next run deletes it
        }
    }
}

package dev.mvstat.jobs.output;

import dev.mvstat.jobs.cli.JobException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on an output path, held while a run writes it, so that two runs never write
 * the same output. On a local file system it is an operating-system lock on the hidden file
 * {@code .<name>.lock} beside the output: it dies with the process, so a killed run never blocks
 * the next one. The lock file is left in place (deleting it would race with a waiting run). Other
 * file systems have no such lock; there the commit's check that the output did not appear is the guard.
 */
public final class OutputLock implements AutoCloseable {

    /** The open lock file whose lock this holds, or null where there is no lock. */
    private final FileChannel channel;

    private OutputLock(FileChannel channel) {
        this.channel = channel;
    }

    /**
     * Takes the lock on {@code target} without waiting.
     *
     * @throws JobException (usage) when another run holds it
     */
    public static OutputLock acquire(FileSystem fs, Path target) {
        if (!(fs instanceof LocalFileSystem local)) {
            return new OutputLock(null);
        }
        java.nio.file.Path file = local.pathToFile(target).toPath().resolveSibling("." + target.getName() + ".lock");
        FileChannel channel = null;
        try {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (channel.tryLock() != null) {
                return new OutputLock(channel);
            }
        } catch (OverlappingFileLockException e) {
            // held by another run in this JVM
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock output " + target, e);
        }
        closeQuietly(channel);
        throw JobException.usage("output " + target.toUri().getPath() + " is being written by another run (lock " + file
                + "); not writing it twice");
    }

    /** Opens what the lock guards, given the lock to keep. */
    @FunctionalInterface
    public interface Holder<T> {
        T open(OutputLock lock) throws IOException;
    }

    /**
     * Takes the lock on {@code target} without waiting and hands it to {@code holder}, which keeps
     * it; releases it when {@code holder} fails.
     *
     * @throws JobException (usage) when another run holds it
     */
    public static <T> T acquireFor(FileSystem fs, Path target, Holder<T> holder) throws IOException {
        OutputLock lock = acquire(fs, target);
        try {
            return holder.open(lock);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** Releases the lock. */
    @Override
    public void close() {
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close(); // releases the lock
            } catch (IOException ignored) {
                // the lock dies with the channel or the process in any case
            }
        }
    }
}

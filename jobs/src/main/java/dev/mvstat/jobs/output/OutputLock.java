package dev.mvstat.jobs.output;

import dev.mvstat.jobs.cli.JobException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.util.ShutdownHookManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * An exclusive lock on an output path, held while a run writes it, so that two runs never write
 * the same output. On a local file system it is an operating-system lock on the hidden file
 * {@code .<name>.lock} beside the output, which the run deletes, still holding the lock, when it
 * ends. A killed run leaves the file, unlocked (the lock dies with the process): the next run takes
 * it over and deletes it in turn. A run that opened the file just before its holder deleted it would
 * lock a file no longer at the path; it sees so, as the file at the path (its device and inode, read
 * without opening it: closing any other descriptor of the file would release a POSIX lock) is not
 * the one it saw before opening, and tries again. Its open descriptor keeps the inode from being
 * reused meanwhile. Other file systems have no such lock; there the commit's check that the output
 * did not appear is the guard.
 *
 * <p>A JVM that shuts down while it holds the lock (SIGTERM, SIGINT) releases it in a shutdown hook,
 * after the holder's cleanup ({@link #onRelease}): the hook runs after Spark's own hooks have stopped
 * its context, so no task writes any more, and before Hadoop closes its file systems. Released
 * normally, the lock removes its hook.
 */
public final class OutputLock implements AutoCloseable {

    /** Below Spark's shutdown hooks ({@code FileSystem.SHUTDOWN_HOOK_PRIORITY + 30}), above Hadoop's file systems'. */
    private static final int SHUTDOWN_PRIORITY = FileSystem.SHUTDOWN_HOOK_PRIORITY + 20;

    /** The lock file, or null where there is no lock. */
    private final java.nio.file.Path file;
    /** The open lock file whose lock this holds, or null where there is no lock. */
    private final FileChannel channel;
    /** Releases the lock at a shutdown of the JVM before {@link #close}. */
    private final Runnable shutdownHook = this::release;

    private Runnable cleanup = () -> {};
    private boolean released;

    private OutputLock(java.nio.file.Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** @return the held lock, released at a shutdown of the JVM unless closed before */
    private static OutputLock held(java.nio.file.Path file, FileChannel channel) {
        OutputLock lock = new OutputLock(file, channel);
        ShutdownHookManager.get().addShutdownHook(lock.shutdownHook, SHUTDOWN_PRIORITY);
        return lock;
    }

    /**
     * Takes the lock on {@code target} without waiting.
     *
     * @param fs {@code target}'s file system, checksummed or not
     * @throws JobException (usage) when another run holds it
     */
    public static OutputLock acquire(FileSystem fs, Path target) {
        if (!(ChecksumFiles.withoutChecksums(fs) instanceof RawLocalFileSystem local)) {
            return held(null, null);
        }
        java.nio.file.Path file = local.pathToFile(target).toPath().resolveSibling("." + target.getName() + ".lock");
        try {
            Files.createDirectories(file.getParent());
            while (true) {
                Object opened = fileKey(file);
                FileChannel channel = FileChannel.open(
                        file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                try {
                    if (!tryLock(channel)) {
                        throw JobException.usage("output " + target.toUri().getPath()
                                + " is being written by another run (lock " + file + "); not writing it twice");
                    }
                    if (opened != null && opened.equals(fileKey(file))) {
                        return held(file, channel);
                    }
                } catch (IOException | RuntimeException e) {
                    closeQuietly(channel);
                    throw e;
                }
                closeQuietly(channel); // the holder deleted this file meanwhile: lock the one at the path now
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock output " + target, e);
        }
    }

    private static boolean tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock() != null;
        } catch (OverlappingFileLockException e) {
            return false; // held by another run in this JVM
        }
    }

    /** @return the identity (device and inode) of the file at {@code file}, or null when there is none */
    private static Object fileKey(java.nio.file.Path file) throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** @return whether this is an exclusive lock: no other run is writing the output */
    boolean exclusive() {
        return channel != null;
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

    /**
     * Sets what the holder cleans up before the lock is released, on {@link #close} or at a shutdown
     * of the JVM; nothing by default.
     */
    public synchronized void onRelease(Runnable cleanup) {
        this.cleanup = cleanup;
    }

    /** Runs the holder's cleanup, deletes the lock file and releases the lock, and removes the shutdown hook. */
    @Override
    public void close() {
        release();
        try {
            ShutdownHookManager.get().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs release(), which ran already
        }
    }

    /** Runs the holder's cleanup, deletes the lock file, then releases the lock; once. */
    private synchronized void release() {
        if (released) {
            return;
        }
        released = true;
        try {
            cleanup.run();
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // an unlocked lock file left behind is taken over by the next run
                }
            }
            closeQuietly(channel);
        }
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

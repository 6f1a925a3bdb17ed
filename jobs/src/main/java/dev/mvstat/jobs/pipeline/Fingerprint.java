package dev.mvstat.jobs.pipeline;

import dev.mvstat.jobs.input.InputFormat;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * What the pipeline's {@code --resume} compares to tell whether a stage's input changed: the
 * SHA-256 of a path and, for each file Spark would read below it, its relative path, length and
 * modification time. Not of the content: hashing every input byte would cost a pass over the data,
 * as much as the covariance stage itself, on every resume; a touch forces a rerun, and only a
 * rewrite that keeps both length and modification time goes unnoticed.
 */
public final class Fingerprint {

    private Fingerprint() {}

    /** @return the fingerprint of a path on the file system its scheme names */
    static String of(Configuration hadoop, String path) {
        Path p = new Path(path);
        try {
            return of(p.getFileSystem(hadoop), p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fingerprint " + path, e);
        }
    }

    /**
     * @param path a file or directory; a missing one has the fingerprint of its path alone
     * @return its fingerprint, as 64 hexadecimal digits
     */
    static String of(FileSystem fs, Path path) {
        try {
            Path root = fs.makeQualified(path);
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(line(root.toString()));
            List<FileStatus> files = fs.exists(root) ? InputFormat.visibleFiles(fs, root) : List.of();
            for (FileStatus file : files.stream()
                    .sorted(Comparator.comparing(FileStatus::getPath))
                    .toList()) {
                sha.update(line(root.toUri().relativize(file.getPath().toUri()) + "\t" + file.getLen() + "\t"
                        + file.getModificationTime()));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fingerprint " + path, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static byte[] line(String text) {
        return (text + "\n").getBytes(StandardCharsets.UTF_8);
    }
}

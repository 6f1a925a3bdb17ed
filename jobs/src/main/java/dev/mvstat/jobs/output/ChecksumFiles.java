package dev.mvstat.jobs.output;

import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Hadoop's local file system keeps a hidden {@code .NAME.crc} checksum beside every file it writes;
 * an output carries none. The project's own files are written through the raw file system beneath,
 * and the checksums Spark's writers leave are deleted before the commit.
 */
public final class ChecksumFiles {

    private ChecksumFiles() {}

    /** @return the file system beneath a checksummed one, which writes no checksum files; else {@code fs} */
    public static FileSystem withoutChecksums(FileSystem fs) {
        return fs instanceof ChecksumFileSystem checksummed ? checksummed.getRawFileSystem() : fs;
    }

    /** Deletes every checksum file below {@code dir}, listed through {@code fs}, which must show them. */
    static void deleteBelow(FileSystem fs, Path dir) throws IOException {
        List<Path> checksums = new ArrayList<>();
        RemoteIterator<LocatedFileStatus> files = fs.listFiles(dir, true);
        while (files.hasNext()) {
            Path file = files.next().getPath();
            if (ChecksumFileSystem.isChecksumFile(file)) {
                checksums.add(file);
            }
        }
        for (Path checksum : checksums) {
            fs.delete(checksum, false);
        }
    }
}

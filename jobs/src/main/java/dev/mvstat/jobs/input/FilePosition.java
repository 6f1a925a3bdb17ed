package dev.mvstat.jobs.input;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;

/**
 * The file and 1-based row within that file of the row at a (partition, index) position of a
 * file-based Dataset. Spark splits each file into consecutive partitions but orders the splits of
 * several files by size, so rows are counted per file. Computed only on the error path: it reads
 * the partitions up to the one at fault again.
 *
 * @param file the file's path
 * @param row  the row within the file, from 1
 */
public record FilePosition(String file, long row) implements Serializable {

    /**
     * What one partition contributes: its rows per file before the position, and the file at it.
     * A class, not a record: Spark's Kryo serializer cannot build records.
     */
    private static final class Counts implements Serializable {
        private final HashMap<String, Long> rowsPerFile;
        private final String fileAtPosition;

        Counts(HashMap<String, Long> rowsPerFile, String fileAtPosition) {
            this.rowsPerFile = rowsPerFile;
            this.fileAtPosition = fileAtPosition;
        }

        long rowsOf(String file) {
            return rowsPerFile.getOrDefault(file, 0L);
        }
    }

    static FilePosition of(Dataset<Row> data, int partition, long indexInPartition) {
        List<Counts> counts = data.select(functions.input_file_name())
                .javaRDD()
                .mapPartitionsWithIndex(
                        (q, it) -> {
                            HashMap<String, Long> rowsPerFile = new HashMap<>();
                            String fileAtPosition = null;
                            long limit = q < partition ? Long.MAX_VALUE : q == partition ? indexInPartition : 0;
                            for (long i = 0; it.hasNext() && i <= limit; i++) {
                                String file = it.next().getString(0);
                                if (q == partition && i == indexInPartition) {
                                    fileAtPosition = file;
                                } else {
                                    rowsPerFile.merge(file, 1L, Long::sum);
                                }
                            }
                            return List.of(new Counts(rowsPerFile, fileAtPosition))
                                    .iterator();
                        },
                        false)
                .collect();
        String file = counts.get(partition).fileAtPosition;
        long row = 1
                + counts.subList(0, partition + 1).stream()
                        .mapToLong(c -> c.rowsOf(file))
                        .sum();
        return new FilePosition(file == null ? "?" : file.replaceFirst("^file:(//)?", ""), row);
    }
}

package dev.mvstat.jobs.input;

import dev.mvstat.jobs.cli.JobException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The input file formats, chosen by {@code --format} or by the file extension. */
public enum InputFormat {
    CSV,
    PARQUET,
    JSON;

    /**
     * @param option the {@code --format} value: auto, csv, parquet or json
     * @param path   the input file or directory, which must exist
     * @return the format; for a directory, that of its first visible data file
     */
    public static InputFormat of(String option, Path path, FileSystem fs) throws IOException {
        if (!option.equals("auto")) {
            return byName(option)
                    .orElseThrow(() ->
                            JobException.usage("--format must be auto, csv, parquet or json, got '" + option + "'"));
        }
        Path file = path;
        if (fs.getFileStatus(path).isDirectory()) {
            file = visibleFiles(fs, path).stream()
                    .map(FileStatus::getPath)
                    .filter(p -> byExtension(p.getName()).isPresent())
                    .sorted()
                    .findFirst()
                    .orElseThrow(() -> JobException.input("input directory " + path
                            + " holds no .csv, .parquet or .json file; name the format with --format"));
        }
        Path named = file;
        return byExtension(file.getName())
                .orElseThrow(() -> JobException.usage(
                        "cannot tell the format of " + named + " from its extension; use --format csv|parquet|json"));
    }

    /**
     * @return the files Spark reads below a directory (partition directories {@code key=value/}
     *         included; names starting with {@code _} or {@code .} are hidden), or the file itself
     */
    public static List<FileStatus> visibleFiles(FileSystem fs, Path dir) throws IOException {
        List<FileStatus> files = new ArrayList<>();
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir, true);
        while (it.hasNext()) {
            LocatedFileStatus file = it.next();
            String name = file.getPath().getName();
            if (!name.startsWith("_") && !name.startsWith(".")) {
                files.add(file);
            }
        }
        return files;
    }

    private static Optional<InputFormat> byName(String name) {
        return Arrays.stream(values())
                .filter(f -> f.name().equalsIgnoreCase(name))
                .findFirst();
    }

    private static Optional<InputFormat> byExtension(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT).replaceAll("\\.(gz|bz2|snappy|zstd)$", "");
        if (name.endsWith(".csv")) {
            return Optional.of(CSV);
        }
        if (name.endsWith(".parquet")) {
            return Optional.of(PARQUET);
        }
        if (name.endsWith(".json") || name.endsWith(".jsonl")) {
            return Optional.of(JSON);
        }
        return Optional.empty();
    }

    /**
     * The column in which Spark's readers keep a record they could not split into the header's
     * fields (the JSON reader's default name, given to the CSV reader too).
     */
    public static final String MALFORMED_RECORD = "_corrupt_record";

    /**
     * Reads the input: CSV with a header and every column as text (parsed strictly later). A CSV
     * record with more or fewer fields than the header, or a JSON line that is not an object,
     * keeps its text in {@link #MALFORMED_RECORD} instead of being cut or padded silently.
     */
    public Dataset<Row> read(SparkSession spark, String path, char delimiter) {
        String sep = String.valueOf(delimiter);
        return switch (this) {
            case CSV -> {
                StructType header = spark.read()
                        .option("header", "true")
                        .option("sep", sep)
                        .csv(path)
                        .schema();
                yield spark.read()
                        .option("header", "true")
                        .option("sep", sep)
                        .option("mode", "PERMISSIVE")
                        .option("columnNameOfCorruptRecord", MALFORMED_RECORD)
                        .schema(header.add(MALFORMED_RECORD, DataTypes.StringType))
                        .csv(path);
            }
            case PARQUET -> spark.read().parquet(path);
            case JSON ->
                spark.read()
                        .option("mode", "PERMISSIVE")
                        .option("columnNameOfCorruptRecord", MALFORMED_RECORD)
                        .json(path);
        };
    }

    /**
     * @param record the text of a record kept in {@link #MALFORMED_RECORD}
     * @param fields    the number of columns of the input
     * @param delimiter the CSV field delimiter
     * @return what is wrong with it, for the error line or the rejected row
     */
    public String malformation(String record, int fields, char delimiter) {
        return this == CSV
                ? "malformed CSV record: "
                        + fieldCount(CsvHeader.split(record, delimiter).size()) + " where the header has "
                        + fieldCount(fields)
                : "malformed " + name() + " record";
    }

    private static String fieldCount(int n) {
        return n + (n == 1 ? " field" : " fields");
    }

    /**
     * Writes rejected rows in this format, so that they are the input's rows unchanged.
     *
     * @param delimiter the CSV field delimiter of the input
     */
    public void write(Dataset<Row> rows, String path, char delimiter) {
        switch (this) {
            case CSV ->
                rows.write()
                        .option("header", "true")
                        .option("sep", String.valueOf(delimiter))
                        .csv(path);
            case PARQUET -> rows.write().parquet(path);
            case JSON -> rows.write().json(path);
        }
    }
}

package dev.mvstat.jobs.input;

import dev.mvstat.jobs.cli.DataOptions;
import dev.mvstat.jobs.cli.JobException;
import dev.mvstat.jobs.cli.Options;
import dev.mvstat.jobs.input.InputSource.Parsed;
import dev.mvstat.jobs.output.OutputDirectory;
import dev.mvstat.jobs.output.ParquetEncoding;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple3;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.LongStream;

/**
 * A job's input read and validated into rows of doubles, cached and counted, for jobs that read
 * their rows more than once or need their positions ({@link InputSource#pass} reads once without
 * caching). Release it with {@link #release()}.
 */
public final class InputData {

    /** The input path. */
    public final String path;
    /** The input format. */
    public final InputFormat format;
    /** The selected numeric columns, in order. */
    public final List<String> columns;
    /** Rows read. */
    public final long rowsRead;
    /** Rows that passed validation. */
    public final long rowsUsed;
    /** Input columns whose sampled values are nearly all distinct: see {@link ParquetEncoding}. */
    public final List<String> continuousColumns;

    private final InputSource source;
    /** Every row after validation, cached. */
    private final JavaRDD<Parsed> parsed;
    /** Rows read before each partition. */
    private final long[] partitionOffsets;

    private InputData(InputSource source, JavaRDD<Parsed> parsed, long[] partitionOffsets, long rowsUsed) {
        this.source = source;
        this.parsed = parsed;
        this.partitionOffsets = partitionOffsets;
        this.path = source.path;
        this.format = source.format;
        this.columns = source.columns;
        this.rowsRead = partitionOffsets[partitionOffsets.length - 1];
        this.rowsUsed = rowsUsed;
        this.continuousColumns = source.continuousColumns;
    }

    /** The common input options of a data job, parsed before any Spark work. */
    public record Request(
            String path,
            String format,
            List<String> columns,
            String featuresCol,
            String idColumn,
            boolean skipInvalid,
            char delimiter) {

        /**
         * @return {@code --input}, {@code --format}, {@code --columns} or {@code --features-col},
         *         {@code --id-column}, {@code --on-invalid} and {@code --delimiter}
         */
        public static Request of(Options options) {
            List<String> columns = options.list("columns");
            String featuresCol = options.get("features-col");
            if (featuresCol != null && !columns.isEmpty()) {
                throw JobException.usage("--columns and --features-col exclude each other: give one");
            }
            String idColumn = options.get("id-column");
            checkColumns(columns, idColumn);
            return new Request(
                    options.require("input"),
                    options.require("format"),
                    columns,
                    featuresCol,
                    idColumn,
                    options.require("on-invalid").equals("skip"),
                    DataOptions.delimiter(options.require("delimiter")));
        }

        /** @throws JobException (usage) when {@code columns} names a column twice or names {@code idColumn} */
        private static void checkColumns(List<String> columns, String idColumn) {
            Set<String> seen = new HashSet<>();
            for (String c : columns) {
                if (!seen.add(c)) {
                    throw JobException.usage("--columns names '" + c + "' twice");
                }
                if (c.equals(idColumn)) {
                    throw JobException.usage("--columns names the --id-column '" + c + "', which is never data");
                }
            }
        }

        /** @return the same request, rows grouped (keyed) by {@code idColumn} */
        public Request withIdColumn(String column) {
            return new Request(path, format, columns, featuresCol, column, skipInvalid, delimiter);
        }
    }

    /**
     * Reads and validates the input, caching the parsed rows and counting them per partition. With
     * {@code --on-invalid fail} the first invalid row stops the job; with {@code skip} invalid rows
     * are set aside for {@link #writeRejected}.
     *
     * @param spark        the session
     * @param request      the input options
     * @param modelColumns as for {@link InputSource#open}
     * @return the validated input; release it with {@link #release()}
     */
    public static InputData load(SparkSession spark, Request request, List<String> modelColumns) {
        InputSource source = InputSource.open(spark, request, modelColumns);
        JavaRDD<Parsed> parsed = source.parsed().persist(StorageLevel.MEMORY_AND_DISK());
        List<long[]> counts;
        try {
            counts = parsed.mapPartitions(it -> {
                        long[] usedAndRejected = new long[2];
                        it.forEachRemaining(r -> usedAndRejected[r.values() == null ? 1 : 0]++);
                        return List.of(usedAndRejected).iterator();
                    })
                    .collect();
        } catch (Exception e) { // Spark rethrows task failures as the checked SparkException
            parsed.unpersist(false);
            throw source.invalidRowError(e);
        }
        long[] offsets = new long[counts.size() + 1];
        long used = 0;
        for (int p = 0; p < counts.size(); p++) {
            offsets[p + 1] = offsets[p] + counts.get(p)[0] + counts.get(p)[1];
            used += counts.get(p)[0];
        }
        return new InputData(source, parsed, offsets, used);
    }

    /** @return what was read, for summary.json and reports */
    public InputSummary summary() {
        return source.summary(rowsRead, rowsUsed);
    }

    /** @return the values subtracted from every row of {@link #rows()} (a copy) */
    public double[] pivot() {
        return source.pivot();
    }

    /** @return the valid rows minus {@link #pivot}, read from the cache */
    public JavaRDD<double[]> rows() {
        return parsed.filter(r -> r.values() != null).map(Parsed::values);
    }

    /**
     * Fails with exit 3 unless at least {@code minimum} rows are valid.
     *
     * @param minimum valid rows the job needs
     * @param what    what needs them, as the message's subject ("a covariance")
     */
    public void requireValidRows(long minimum, String what) {
        summary().requireValidRows(minimum, what);
    }

    /** With {@code --on-invalid skip}, writes the rejected rows into {@code rejected/}, in the input's format. */
    public void writeRejected(SparkSession spark, OutputDirectory out) {
        source.writeRejected(spark, out, parsed);
    }

    /** @return every row, valid or not, minus the pivot, or null where rejected; in input order */
    public JavaRDD<double[]> valuesOrNull() {
        return parsed.map(Parsed::values);
    }

    /** @return {@code rows}, each a new array with the pivot added back: the values as read */
    public JavaRDD<double[]> unshifted(JavaRDD<double[]> rows) {
        double[] pivot = pivot();
        return rows.map(r -> {
            if (r == null) {
                return null;
            }
            double[] x = r.clone();
            for (int j = 0; j < x.length; j++) {
                x[j] += pivot[j];
            }
            return x;
        });
    }

    /** @return the input's schema, without any corrupt-record column */
    public StructType schema() {
        return source.schema();
    }

    /**
     * @param byId whether to key rows by their {@code --id-column} value (else by input position)
     * @return for each valid row, in the order of {@link #rows()}: its {@code --id-column} value, or
     *         its 0-based input position as a Long
     */
    public JavaRDD<Object> validRowKeys(boolean byId) {
        long[] offsets = partitionOffsets;
        return parsed.mapPartitionsWithIndex(
                (p, it) -> {
                    List<Object> keys = new ArrayList<>();
                    for (long index = offsets[p]; it.hasNext(); index++) {
                        Parsed row = it.next();
                        if (row.values() != null) {
                            keys.add(byId ? row.id() : (Object) index);
                        }
                    }
                    return keys.iterator();
                },
                true);
    }

    /**
     * @return every valid row as read (in {@link #schema()}, the input read again), with its
     *         0-based input position and its cached values minus the pivot; in input order
     */
    public JavaRDD<Tuple3<Row, Long, double[]>> validRowsAsRead() {
        long[] offsets = partitionOffsets;
        return source.sourceRows().zipPartitions(parsed, (rows, values) -> {
            int p = TaskContext.getPartitionId();
            return LongStream.range(offsets[p], offsets[p + 1])
                    .mapToObj(index -> {
                        if (!rows.hasNext()) {
                            throw new IllegalStateException("input partition has fewer rows than when it was read");
                        }
                        Row row = rows.next();
                        double[] x = values.next().values();
                        return x == null ? null : new Tuple3<>(row, index, x);
                    })
                    .filter(Objects::nonNull)
                    .iterator();
        });
    }

    /** Unpersists the cached rows. */
    public void release() {
        parsed.unpersist(false);
    }
}

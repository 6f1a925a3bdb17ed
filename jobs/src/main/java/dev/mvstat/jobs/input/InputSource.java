package dev.mvstat.jobs.input;

import dev.mvstat.jobs.cli.JobException;
import dev.mvstat.jobs.output.OutputDirectory;
import dev.mvstat.jobs.output.ParquetEncoding;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * A job's input, opened and checked from a sample of its first rows but not read: the format, the
 * selected columns, the pivot and the parser. Its rows are parsed from Spark's internal rows each
 * time they are read: in a single pass that also computes a result ({@link #pass}), by any Spark
 * work over them ({@link #read}), or cached and counted ({@link InputData}). With
 * {@code --on-invalid fail} the first invalid cell stops the job with a line naming file, row,
 * column and value; with {@code skip} the row is set aside, unchanged, with a reason.
 */
public final class InputSource {

    private static final Logger LOG = LoggerFactory.getLogger(InputSource.class);
    private static final int TYPE_SAMPLE_ROWS = 100;

    /** The input path. */
    public final String path;
    /** The input format. */
    public final InputFormat format;
    /** The selected numeric columns, in order. */
    public final List<String> columns;
    /** Notes for summary.json, such as skipped non-numeric columns. */
    public final List<String> warnings;
    /** Input columns whose sampled values are nearly all distinct: see {@link ParquetEncoding}. */
    public final List<String> continuousColumns;
    /** The input as Spark reads it. */
    final Dataset<Row> data;
    /** What parses its rows. */
    final RowParser parser;
    /** Whether invalid rows are set aside (else reading fails on the first). */
    final boolean skipInvalid;
    /** The field delimiter of CSV input, which its rejected rows keep. */
    private final char delimiter;

    private InputSource(
            String path,
            InputFormat format,
            List<String> columns,
            List<String> warnings,
            List<String> continuousColumns,
            Dataset<Row> data,
            RowParser parser,
            boolean skipInvalid,
            char delimiter) {
        this.path = path;
        this.format = format;
        this.columns = List.copyOf(columns);
        this.warnings = List.copyOf(warnings);
        this.continuousColumns = List.copyOf(continuousColumns);
        this.data = data;
        this.parser = parser;
        this.skipInvalid = skipInvalid;
        this.delimiter = delimiter;
    }

    /**
     * Opens the input: checks its format, header and columns and takes the pivot from a sample of
     * its first rows (one short Spark job); reads nothing else.
     *
     * @param spark        the session
     * @param request      the input options
     * @param modelColumns a model's columns, to be found in the input (a missing one is an input
     *                     error), or null to use {@code --columns} (a missing one is a usage error)
     *                     or else every numeric column but the id column
     * @return the opened input
     */
    public static InputSource open(SparkSession spark, InputData.Request request, List<String> modelColumns) {
        String path = request.path();
        String idColumn = request.idColumn();
        boolean skipInvalid = request.skipInvalid();
        boolean fromModel = modelColumns != null;
        List<String> requested = fromModel ? modelColumns : request.columns();
        InputFormat format = formatOf(spark, path, request.format());
        if (format == InputFormat.CSV) {
            CsvHeader.check(spark, path, request.delimiter());
        }
        Dataset<Row> data = format.read(spark, path, request.delimiter());
        List<String> warnings = new ArrayList<>();
        List<Row> sample = data.limit(TYPE_SAMPLE_ROWS).collectAsList();
        List<String> all = checkIdColumn(data, path, idColumn);
        int malformedIndex = List.of(data.columns()).indexOf(InputFormat.MALFORMED_RECORD);
        int idIndex = idColumn == null ? -1 : data.schema().fieldIndex(idColumn);
        List<String> columns;
        RowParser parser;
        if (request.featuresCol() != null) {
            FeaturesColumn features = FeaturesColumn.of(data.schema(), sample, path, request.featuresCol());
            columns = features.names();
            if (fromModel && !modelColumns.equals(columns)) {
                throw JobException.input(
                        "the model's columns " + modelColumns + " are not the values of --features-col '"
                                + request.featuresCol() + "' in " + path + " (" + columns.size() + " values)");
            }
            Pivot pivot = features.pivot(sample);
            parser = RowParser.ofFeatures(
                    format, data.schema(), features.reader(), pivot, malformedIndex, idIndex, request.delimiter());
        } else {
            String hint = format == InputFormat.CSV ? CsvHeader.delimiterHint(all, request.delimiter()) : "";
            columns = selectColumns(data, all, sample, path, requested, fromModel, idColumn, warnings, hint);
            int[] indices = columns.stream().mapToInt(data.schema()::fieldIndex).toArray();
            Pivot pivot = Pivot.firstValid(sample, indices);
            parser = RowParser.ofColumns(
                    format,
                    data.schema(),
                    indices,
                    columns.toArray(new String[0]),
                    pivot,
                    malformedIndex,
                    idIndex,
                    request.delimiter());
        }
        if (parser.pivot().isZero()) {
            warnings.add("no valid row among the first " + TYPE_SAMPLE_ROWS + " to pivot on; rows are not shifted");
        }
        return new InputSource(
                path,
                format,
                columns,
                warnings,
                ParquetEncoding.continuousColumns(sample, List.of(data.columns())),
                data,
                parser,
                skipInvalid,
                request.delimiter());
    }

    /**
     * Reads the input once, not cached, and computes a result from its valid rows; with
     * {@code --on-invalid fail} an invalid row fails the pass with the one-line input error.
     *
     * @param compute  the computation over the valid rows minus the pivot, in input order
     * @param rowsUsed the number of rows the result was computed from
     * @return the result and what was read
     */
    public <T> Pass<T> pass(Function<JavaRDD<double[]>, T> compute, ToLongFunction<T> rowsUsed) {
        LongAccumulator rejected = data.sparkSession().sparkContext().longAccumulator("rejected rows");
        JavaRDD<double[]> rows = parsed().filter(r -> {
                    if (r.values() == null) {
                        rejected.add(1);
                    }
                    return r.values() != null;
                })
                .map(Parsed::values);
        T result = read(() -> compute.apply(rows));
        return new Pass<>(this, result, rowsUsed.applyAsLong(result), rejected.value() > 0);
    }

    /**
     * A pass's result and what was read.
     *
     * @param <T> what the pass computed
     */
    public static final class Pass<T> {
        private final InputSource source;
        private final T result;
        private final long rowsUsed;
        private final boolean someRejected;
        private InputSummary input;

        private Pass(InputSource source, T result, long rowsUsed, boolean someRejected) {
            this.source = source;
            this.result = result;
            this.rowsUsed = rowsUsed;
            this.someRejected = someRejected;
        }

        /** @return what the pass computed */
        public T result() {
            return result;
        }

        /**
         * Fails with exit 3 unless at least {@code minimum} rows were valid; reads nothing.
         *
         * @param minimum valid rows the job needs
         * @param what    what needs them, as the message's subject ("a covariance")
         */
        public void requireValidRows(long minimum, String what) {
            InputSummary.requireValidRows(source.path, rowsUsed, minimum, what);
        }

        /**
         * @return the rows read and used; when the pass rejected rows, the first call counts the rows
         *         read exactly, reading the input again (for Parquet, its metadata alone)
         */
        public InputSummary input() {
            if (input == null) {
                input = source.summary(someRejected ? source.data.count() : rowsUsed, rowsUsed);
            }
            return input;
        }
    }

    /**
     * Runs Spark work that reads this input's rows; with {@code --on-invalid fail}, a task failing
     * on an invalid row fails it with the one-line input error.
     *
     * @param work the work
     * @return its result
     */
    public <T> T read(Supplier<T> work) {
        try {
            return work.get();
        } catch (Exception e) { // Spark rethrows task failures as the checked SparkException
            throw invalidRowError(e);
        }
    }

    /**
     * @param rowsRead rows read
     * @param rowsUsed rows that passed validation
     * @return what was read, for summary.json and reports: the warnings with a note of the rejected rows
     */
    public InputSummary summary(long rowsRead, long rowsUsed) {
        List<String> notes = new ArrayList<>(warnings);
        if (rowsRead > rowsUsed) {
            notes.add(rowsRead - rowsUsed + " invalid rows skipped; see rejected/");
        }
        return new InputSummary(path, format, columns, notes, rowsRead, rowsUsed);
    }

    /** @return the valid rows minus the pivot, lazily, in input order; read them with {@link #read} */
    public JavaRDD<double[]> validRows() {
        return parsed().filter(r -> r.values() != null).map(Parsed::values);
    }

    /**
     * @return every row minus the pivot, or null where rejected, lazily, partitioned as the input;
     *         read them with {@link #read}
     */
    public JavaRDD<double[]> valuesOrNull() {
        return parsed().map(Parsed::values);
    }

    /** @return every input row as read (in {@link #schema()}), partitioned as {@link #valuesOrNull()} */
    public JavaRDD<Row> sourceRows() {
        RowParser rowParser = parser;
        return data.javaRDD().map(rowParser::asRead);
    }

    /** A row read again by its position. A class, not a record: Spark's Kryo serializer cannot build records. */
    public static final class RowAt implements Serializable {
        private final String id;
        private final double[] values;

        RowAt(String id, double[] values) {
            this.id = id;
            this.values = values;
        }

        /** @return its {@code --id-column} value as text, or null without one */
        public String id() {
            return id;
        }

        /** @return its selected values, or null when it was rejected */
        public double[] values() {
            return values;
        }
    }

    /**
     * Reads some rows again, from the partitions that hold them, each partition up to its last
     * wanted row.
     *
     * @param positions 0-based input positions
     * @param offsets   rows read before each partition, and in all as the last entry
     * @return each row, in the order of {@code positions}
     */
    public List<RowAt> rowsAt(List<Long> positions, long[] offsets) {
        Set<Long> wanted = new HashSet<>(positions);
        RowParser rowParser = parser;
        double[] pivot = pivot();
        Map<Long, RowAt> found = new HashMap<>();
        data.queryExecution()
                .toRdd()
                .toJavaRDD()
                .mapPartitionsWithIndex(
                        (p, it) -> {
                            long first = offsets[p];
                            long last = wanted.stream()
                                    .filter(i -> i >= first && i < offsets[p + 1])
                                    .mapToLong(Long::longValue)
                                    .max()
                                    .orElse(first - 1);
                            List<Tuple2<Long, RowAt>> rows = new ArrayList<>();
                            for (long index = first; index <= last && it.hasNext(); index++) {
                                InternalRow row = it.next();
                                if (wanted.contains(index)) {
                                    rows.add(new Tuple2<>(index, read(rowParser, row, pivot)));
                                }
                            }
                            return rows.iterator();
                        },
                        true)
                .collect()
                .forEach(pair -> found.put(pair._1(), pair._2()));
        return positions.stream().map(found::get).toList();
    }

    private static RowAt read(RowParser parser, InternalRow row, double[] pivot) {
        Object id = parser.id(row);
        double[] values = new double[parser.width()];
        if (parser.parse(row, values) != null) {
            values = null;
        } else {
            for (int j = 0; j < values.length; j++) {
                values[j] += pivot[j];
            }
        }
        return new RowAt(id == null ? null : String.valueOf(id), values);
    }

    /** @return every row parsed, lazily, partitioned as the input */
    JavaRDD<Parsed> parsed() {
        RowParser rowParser = parser;
        boolean skip = skipInvalid;
        return data.queryExecution()
                .toRdd()
                .toJavaRDD()
                .mapPartitionsWithIndex((p, it) -> new ParsingIterator(p, it, rowParser, skip), true);
    }

    /** @return the values subtracted from every row (a copy) */
    public double[] pivot() {
        return parser.pivot().values();
    }

    /** @return the input's schema, without any corrupt-record column */
    public StructType schema() {
        return new StructType(Arrays.stream(data.schema().fields())
                .filter(f -> !f.name().equals(InputFormat.MALFORMED_RECORD))
                .toArray(StructField[]::new));
    }

    /**
     * With {@code --on-invalid skip}, writes the rejected rows into {@code rejected/}, in the
     * input's format, reading the input again.
     */
    public void writeRejected(SparkSession spark, OutputDirectory out) {
        writeRejected(spark, out, parsed());
    }

    /** Writes the rejected rows among {@code parsed} into {@code rejected/}, when skipping. */
    void writeRejected(SparkSession spark, OutputDirectory out, JavaRDD<Parsed> parsed) {
        if (skipInvalid) {
            format.write(rejected(spark, parsed), out.staged("rejected"), delimiter);
        }
    }

    /** @return the rejected rows among {@code parsed}, unchanged, with a {@code reason} column */
    Dataset<Row> rejected(SparkSession spark, JavaRDD<Parsed> parsed) {
        StructType schema = schema();
        String reason = List.of(schema.fieldNames()).contains("reason") ? "rejection_reason" : "reason";
        return spark.createDataFrame(
                parsed.filter(r -> r.values() == null).map(Parsed::rejected), schema.add(reason, DataTypes.StringType));
    }

    private static InputFormat formatOf(SparkSession spark, String path, String formatOption) {
        try {
            Path p = new Path(path);
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(p)) {
                throw JobException.input("input not found: " + path);
            }
            return InputFormat.of(formatOption, p, fs);
        } catch (IOException e) {
            throw JobException.input("cannot read input " + path + ": " + e.getMessage());
        }
    }

    /** The requested columns among {@code all} the input's, checked, or every numeric column but the id column. */
    private static List<String> selectColumns(
            Dataset<Row> data,
            List<String> all,
            List<Row> sample,
            String path,
            List<String> requested,
            boolean fromModel,
            String idColumn,
            List<String> warnings,
            String delimiterHint) {
        if (sample.isEmpty()) {
            throw JobException.input(path + ": no data rows, only a header");
        }
        if (!requested.isEmpty()) {
            for (String c : requested) {
                if (!all.contains(c) && fromModel) {
                    throw JobException.input(
                            "the model's column '" + c + "' is not a column of " + path + "; columns: " + all);
                }
                if (!all.contains(c)) {
                    throw JobException.usage("--columns names '" + c + "', which is not a column of " + path
                            + "; columns: " + all + delimiterHint);
                }
                if (fromModel && c.equals(idColumn)) {
                    throw JobException.usage("--id-column '" + c + "' is a column of the model, which is never data");
                }
            }
            return List.copyOf(requested);
        }
        List<String> numeric = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<String> added = new ArrayList<>();
        for (StructField field : data.schema().fields()) {
            if (field.name().equals(idColumn) || field.name().equals(InputFormat.MALFORMED_RECORD)) {
                continue;
            }
            if (AddedColumns.isAdded(field.name())) {
                added.add(field.name());
                continue;
            }
            if (looksNumeric(field, sample, data.schema().fieldIndex(field.name()))) {
                numeric.add(field.name());
            } else {
                skipped.add(field.name());
            }
        }
        if (!skipped.isEmpty()) {
            String note = "skipped non-numeric columns: " + String.join(", ", skipped);
            LOG.info(note);
            warnings.add(note);
        }
        if (!added.isEmpty()) {
            warnings.add("left out the columns mvstat's jobs add: " + String.join(", ", added));
        }
        if (numeric.isEmpty()) {
            throw JobException.input(path + ": no numeric column among " + all + delimiterHint);
        }
        return numeric;
    }

    /**
     * @return the input's columns
     * @throws JobException if there are none, or {@code idColumn} is not one of them
     */
    private static List<String> checkIdColumn(Dataset<Row> data, String path, String idColumn) {
        List<String> all = Arrays.stream(data.columns())
                .filter(c -> !c.equals(InputFormat.MALFORMED_RECORD))
                .toList();
        if (all.isEmpty()) {
            throw JobException.input(path + ": empty input, no header and no rows");
        }
        if (idColumn != null && !all.contains(idColumn)) {
            throw JobException.usage("--id-column '" + idColumn + "' is not a column of " + path + "; columns: " + all);
        }
        return all;
    }

    /** A numeric type, or text of which at least half the non-empty sampled cells are numbers. */
    private static boolean looksNumeric(StructField field, List<Row> sample, int index) {
        if (field.dataType() instanceof NumericType) {
            return true;
        }
        if (!field.dataType().equals(DataTypes.StringType)) {
            return false;
        }
        int numbers = 0;
        int nonEmpty = 0;
        for (Row row : sample) {
            Object cell = row.get(index);
            if (cell != null && !cell.toString().isBlank()) {
                nonEmpty++;
                if (Cells.problem(cell) == null || Cells.isNonFinite(cell)) {
                    numbers++;
                }
            }
        }
        return nonEmpty > 0 && 2 * numbers >= nonEmpty;
    }

    /** Turns a task's {@link InvalidRowException} into the one-line input error naming file and row. */
    RuntimeException invalidRowError(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidRowException row) {
                FilePosition at = FilePosition.of(data, row.partition, row.indexInPartition);
                return JobException.input(at.file() + " row " + at.row() + ", " + row.problem
                        + " (rows counted from 1" + (format == InputFormat.CSV ? " after the header" : "")
                        + "; --on-invalid skip sets such rows aside)");
            }
        }
        return e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
    }

    /** A row after validation: its values and id, or the original row with a reason appended. */
    static final class Parsed implements Serializable {
        private final double[] values;
        private final Object id;
        private final Row rejected;

        Parsed(double[] values, Object id, Row rejected) {
            this.values = values;
            this.id = id;
            this.rejected = rejected;
        }

        Object id() {
            return id;
        }

        double[] values() {
            return values;
        }

        Row rejected() {
            return rejected;
        }
    }

    /** Parses each row of one partition; fails at the first invalid row unless skipping. */
    private static final class ParsingIterator implements Iterator<Parsed> {
        private final int partition;
        private final Iterator<InternalRow> rows;
        private final RowParser parser;
        private final boolean skipInvalid;
        private long index;

        ParsingIterator(int partition, Iterator<InternalRow> rows, RowParser parser, boolean skipInvalid) {
            this.partition = partition;
            this.rows = rows;
            this.parser = parser;
            this.skipInvalid = skipInvalid;
        }

        @Override
        public boolean hasNext() {
            return rows.hasNext();
        }

        @Override
        public Parsed next() {
            InternalRow row = rows.next();
            double[] values = new double[parser.width()];
            String problem = parser.parse(row, values);
            index++;
            if (problem == null) {
                return new Parsed(values, parser.id(row), null);
            }
            if (!skipInvalid) {
                throw new InvalidRowException(partition, index - 1, problem);
            }
            return new Parsed(null, null, parser.rejected(row, problem));
        }
    }
}

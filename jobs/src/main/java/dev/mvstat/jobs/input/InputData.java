package dev.mvstat.jobs.input;

import dev.mvstat.jobs.cli.JobException;
import dev.mvstat.jobs.cli.Options;
import dev.mvstat.jobs.output.OutputDirectory;
import dev.mvstat.jobs.output.ParquetEncoding;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A job's input, read and validated into rows of doubles: read -> choose columns -> parse
 * every selected cell strictly. With {@code --on-invalid fail} the first invalid cell stops the
 * job with a line naming file, row, column and value; with {@code skip} the row is set aside,
 * unchanged, with a reason.
 */
public final class InputData {

    private static final Logger LOG = LoggerFactory.getLogger(InputData.class);
    private static final int TYPE_SAMPLE_ROWS = 100;

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
    /** Notes for summary.json, such as skipped non-numeric columns. */
    public final List<String> warnings;
    /** Input columns whose sampled values are nearly all distinct: see {@link ParquetEncoding}. */
    public final List<String> continuousColumns;
    /** The values subtracted from every row of {@link #rows()}. */
    private final double[] pivot;
    /** Every row after validation, cached. */
    private final JavaRDD<Parsed> parsed;
    /** The input's schema (without a corrupt-record column). */
    private final StructType schema;
    /** The input rows as read, one partition of {@link #parsed} each. */
    private final JavaRDD<Row> source;
    /** What parsed the {@link #source} rows. */
    private final RowParser parser;
    /** Rows read before each partition. */
    private final long[] partitionOffsets;
    /** Whether invalid rows were set aside (else the load failed on the first). */
    private final boolean skipInvalid;

    private InputData(String path, InputFormat format, List<String> columns, double[] pivot, JavaRDD<Parsed> parsed,
                      StructType schema, JavaRDD<Row> source, RowParser parser, long[] partitionOffsets,
                      long rowsUsed, List<String> warnings, List<String> continuousColumns, boolean skipInvalid) {
        this.skipInvalid = skipInvalid;
        this.schema = schema;
        this.source = source;
        this.parser = parser;
        this.partitionOffsets = partitionOffsets;
        this.pivot = pivot.clone();
        this.path = path;
        this.format = format;
        this.columns = List.copyOf(columns);
        this.parsed = parsed;
        this.rowsRead = partitionOffsets[partitionOffsets.length - 1];
        this.rowsUsed = rowsUsed;
        this.warnings = List.copyOf(warnings);
        this.continuousColumns = List.copyOf(continuousColumns);
    }

    /** The common input options of a data job, parsed before any Spark work. */
    public record Request(String path, String format, List<String> columns, String featuresCol, String idColumn,
                          boolean skipInvalid) {

        /**
         * @return {@code --input}, {@code --format}, {@code --columns} or {@code --features-col},
         *         {@code --id-column} and {@code --on-invalid}
         */
        public static Request of(Options options) {
            List<String> columns = options.list("columns");
            String featuresCol = options.get("features-col");
            if (featuresCol != null && !columns.isEmpty()) {
                throw JobException.usage("--columns and --features-col exclude each other: give one");
            }
            return new Request(options.require("input"), options.require("format"), columns, featuresCol,
                    options.get("id-column"), options.choice("on-invalid", "fail", "skip").equals("skip"));
        }

        /** @return the same request, rows grouped (keyed) by {@code idColumn} */
        public Request withIdColumn(String column) {
            return new Request(path, format, columns, featuresCol, column, skipInvalid);
        }
    }

    /**
     * Reads and validates the input. With {@code --on-invalid fail} the first invalid row stops the
     * job; with {@code skip} invalid rows are set aside for {@link #writeRejected}.
     *
     * @param spark        the session
     * @param request      the input options
     * @param modelColumns a model's columns, to be found in the input (a missing one is an input
     *                     error), or null to use {@code --columns} (a missing one is a usage error)
     *                     or else every numeric column but the id column
     * @return the validated input; release it with {@link #release()}
     */
    public static InputData load(SparkSession spark, Request request, List<String> modelColumns) {
        String path = request.path();
        String idColumn = request.idColumn();
        boolean skipInvalid = request.skipInvalid();
        boolean fromModel = modelColumns != null;
        List<String> requested = fromModel ? modelColumns : request.columns();
        InputFormat format = formatOf(spark, path, request.format());
        if (format == InputFormat.CSV) {
            CsvHeader.check(spark, path);
        }
        Dataset<Row> data = format.read(spark, path);
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
                throw JobException.input("the model's columns " + modelColumns + " are not the values of --features-col '"
                        + request.featuresCol() + "' in " + path + " (" + columns.size() + " values)");
            }
            Pivot pivot = features.pivot(sample);
            parser = RowParser.ofFeatures(format, data.schema(), features.reader(), pivot, malformedIndex, idIndex);
        } else {
            columns = selectColumns(data, all, sample, path, requested, fromModel, idColumn, warnings);
            int[] indices = columns.stream().mapToInt(data.schema()::fieldIndex).toArray();
            Pivot pivot = Pivot.firstValid(sample, indices);
            parser = RowParser.ofColumns(format, data.schema(), indices, columns.toArray(new String[0]), pivot,
                    malformedIndex, idIndex);
        }
        if (parser.pivot().isZero()) {
            warnings.add("no valid row among the first " + TYPE_SAMPLE_ROWS + " to pivot on; rows are not shifted");
        }
        JavaRDD<Parsed> parsed = data.queryExecution().toRdd().toJavaRDD()
                .mapPartitionsWithIndex((p, it) -> new ParsingIterator(p, it, parser, skipInvalid), true)
                .persist(StorageLevel.MEMORY_AND_DISK());
        List<long[]> counts;
        try {
            counts = parsed.mapPartitions(it -> {
                long[] usedAndRejected = new long[2];
                it.forEachRemaining(r -> usedAndRejected[r.values() == null ? 1 : 0]++);
                return List.of(usedAndRejected).iterator();
            }).collect();
        } catch (Exception e) { // Spark rethrows task failures as the checked SparkException
            parsed.unpersist(false);
            throw invalidRowError(e, data, format);
        }
        long[] offsets = new long[counts.size() + 1];
        long used = 0;
        for (int p = 0; p < counts.size(); p++) {
            offsets[p + 1] = offsets[p] + counts.get(p)[0] + counts.get(p)[1];
            used += counts.get(p)[0];
        }
        long rejected = offsets[counts.size()] - used;
        if (rejected > 0) {
            warnings.add(rejected + " invalid rows skipped; see rejected/");
        }
        StructType inputSchema = new StructType(Arrays.stream(data.schema().fields())
                .filter(f -> !f.name().equals(InputFormat.MALFORMED_RECORD)).toArray(StructField[]::new));
        return new InputData(path, format, columns, parser.pivot().values(), parsed, inputSchema, data.javaRDD(), parser,
                offsets, used, warnings, ParquetEncoding.continuousColumns(sample, List.of(data.columns())), skipInvalid);
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
    private static List<String> selectColumns(Dataset<Row> data, List<String> all, List<Row> sample, String path,
                                              List<String> requested, boolean fromModel, String idColumn,
                                              List<String> warnings) {
        if (sample.isEmpty()) {
            throw JobException.input(path + ": no data rows, only a header");
        }
        if (!requested.isEmpty()) {
            Set<String> seen = new HashSet<>();
            for (String c : requested) {
                if (!all.contains(c) && fromModel) {
                    throw JobException.input("the model's column '" + c + "' is not a column of " + path
                            + "; columns: " + all);
                }
                if (!all.contains(c)) {
                    throw JobException.usage("--columns names '" + c + "', which is not a column of " + path
                            + "; columns: " + all);
                }
                if (!seen.add(c)) {
                    throw JobException.usage("--columns names '" + c + "' twice");
                }
                if (c.equals(idColumn)) {
                    throw JobException.usage("--columns names the --id-column '" + c + "', which is never data");
                }
            }
            return List.copyOf(requested);
        }
        List<String> numeric = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (StructField field : data.schema().fields()) {
            if (field.name().equals(idColumn) || field.name().equals(InputFormat.MALFORMED_RECORD)) {
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
        if (numeric.isEmpty()) {
            throw JobException.input(path + ": no numeric column among " + all);
        }
        return numeric;
    }

    /**
     * @return the input's columns
     * @throws JobException if there are none, or {@code idColumn} is not one of them
     */
    private static List<String> checkIdColumn(Dataset<Row> data, String path, String idColumn) {
        List<String> all = Arrays.stream(data.columns()).filter(c -> !c.equals(InputFormat.MALFORMED_RECORD)).toList();
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
    private static RuntimeException invalidRowError(Exception e, Dataset<Row> data, InputFormat format) {
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

    /** @return the values subtracted from every row of {@link #rows()} (a copy) */
    public double[] pivot() {
        return pivot.clone();
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
        if (rowsUsed < minimum) {
            throw JobException.input(path + ": " + what + " needs at least " + minimum + " valid row"
                    + (minimum == 1 ? "" : "s") + ", found " + rowsUsed);
        }
    }

    /** @return the number of rejected rows */
    public long rowsRejected() {
        return rowsRead - rowsUsed;
    }

    /** With {@code --on-invalid skip}, writes the rejected rows into {@code rejected/}, in the input's format. */
    public void writeRejected(SparkSession spark, OutputDirectory out) {
        if (skipInvalid) {
            format.write(rejected(spark), out.staged("rejected"));
        }
    }

    /** @return the rejected rows, unchanged, with a {@code reason} column */
    public Dataset<Row> rejected(SparkSession spark) {
        String reason = List.of(schema.fieldNames()).contains("reason") ? "rejection_reason" : "reason";
        return spark.createDataFrame(parsed.filter(r -> r.values() == null).map(Parsed::rejected),
                schema.add(reason, DataTypes.StringType));
    }

    /** @return every row, valid or not, minus the pivot, or null where rejected; in input order */
    public JavaRDD<double[]> valuesOrNull() {
        return parsed.map(Parsed::values);
    }

    /** @return the input's schema, without any corrupt-record column */
    public StructType schema() {
        return schema;
    }

    /** @return every input row as read (in {@link #schema()}), partitioned as {@link #valuesOrNull()} */
    public JavaRDD<Row> sourceRows() {
        RowParser rowParser = parser;
        return source.map(rowParser::asRead);
    }

    /**
     * @param byId whether to key rows by their {@code --id-column} value (else by input position)
     * @return for each valid row, in the order of {@link #rows()}: its {@code --id-column} value, or
     *         its 0-based input position as a Long
     */
    public JavaRDD<Object> validRowKeys(boolean byId) {
        long[] offsets = partitionOffsets;
        return parsed.mapPartitionsWithIndex((p, it) -> {
            List<Object> keys = new ArrayList<>();
            for (long index = offsets[p]; it.hasNext(); index++) {
                Parsed row = it.next();
                if (row.values() != null) {
                    keys.add(byId ? row.id() : (Object) index);
                }
            }
            return keys.iterator();
        }, true);
    }

    /** @return the 0-based input position of the first row of each partition */
    public long[] partitionOffsets() {
        return java.util.Arrays.copyOf(partitionOffsets, partitionOffsets.length - 1);
    }

    /**
     * @param rowIndices 0-based input positions of valid rows
     * @return the {@code --id-column} value of each, as text, in the same order
     */
    public List<String> ids(List<Long> rowIndices) {
        Set<Long> wanted = new HashSet<>(rowIndices);
        long[] offsets = partitionOffsets;
        java.util.Map<Long, String> found = new java.util.HashMap<>();
        parsed.mapPartitionsWithIndex((p, it) -> {
            List<scala.Tuple2<Long, String>> out = new ArrayList<>();
            for (long index = offsets[p]; it.hasNext(); index++) {
                Parsed row = it.next();
                if (wanted.contains(index)) {
                    out.add(new scala.Tuple2<>(index, String.valueOf(row.id())));
                }
            }
            return out.iterator();
        }, true).collect().forEach(pair -> found.put(pair._1(), pair._2()));
        return rowIndices.stream().map(found::get).toList();
    }

    /** Unpersists the cached rows. */
    public void release() {
        parsed.unpersist(false);
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
    private static final class ParsingIterator implements java.util.Iterator<Parsed> {
        private final int partition;
        private final java.util.Iterator<InternalRow> rows;
        private final RowParser parser;
        private final boolean skipInvalid;
        private long index;

        ParsingIterator(int partition, java.util.Iterator<InternalRow> rows, RowParser parser, boolean skipInvalid) {
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

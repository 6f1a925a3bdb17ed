package dev.mvstat.spark;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple2;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Where a stage finds its rows' values: one features column holding an ML {@code Vector} (dense or
 * sparse), an {@code array<double>}, an {@code array<float>} or another numeric array (JSON infers
 * {@code array<bigint>} for whole numbers); or named numeric scalar columns.
 * Checks a schema, reads rows into {@code double[]} ({@link RowValues}) and applies the
 * {@code handleInvalid} policy: {@code error} fails on a null, NaN or infinite value naming the
 * column and the value, {@code skip} leaves such rows out.
 */
public final class InputColumns implements Serializable {

    /** The {@code handleInvalid} values. */
    public static final String ERROR = "error";
    /** Leave out rows with a null, NaN or infinite value. */
    public static final String SKIP = "skip";

    /** How the values are stored. */
    enum Kind {
        VECTOR,
        ARRAY,
        SCALARS
    }

    /** The features column, or null when {@link #inputCols} name the values. */
    private final String featuresCol;
    /** Numeric scalar columns, in order, or null. */
    private final String[] inputCols;
    /** Whether invalid rows are left out rather than an error. */
    private final boolean skipInvalid;

    private InputColumns(String featuresCol, String[] inputCols, boolean skipInvalid) {
        this.featuresCol = featuresCol;
        this.inputCols = inputCols;
        this.skipInvalid = skipInvalid;
    }

    /**
     * @param featuresCol   the features column, used when {@code inputCols} is null or empty
     * @param inputCols     numeric scalar columns, or null
     * @param handleInvalid {@value #ERROR} or {@value #SKIP}
     * @return the input specification
     */
    public static InputColumns of(String featuresCol, String[] inputCols, String handleInvalid) {
        boolean skip = switch (handleInvalid.toLowerCase(Locale.ROOT)) {
            case ERROR -> false;
            case SKIP -> true;
            default ->
                throw new IllegalArgumentException("handleInvalid must be error or skip, got '" + handleInvalid + "'");
        };
        boolean named = inputCols != null && inputCols.length > 0;
        return new InputColumns(named ? null : featuresCol, named ? inputCols.clone() : null, skip);
    }

    /** @return whether rows with invalid values are left out */
    public boolean skipsInvalid() {
        return skipInvalid;
    }

    /** @return the columns read, in order */
    public List<String> columns() {
        return featuresCol == null ? List.of(inputCols) : List.of(featuresCol);
    }

    /**
     * @param d the number of values per row
     * @return a name per value: the input columns, or {@code features[0]}, {@code features[1]}, ...
     */
    public List<String> valueNames(int d) {
        if (featuresCol == null) {
            return List.of(inputCols);
        }
        List<String> names = new ArrayList<>(d);
        for (int j = 0; j < d; j++) {
            names.add(featuresCol + "[" + j + "]");
        }
        return names;
    }

    /**
     * Checks that the schema holds the columns with usable types.
     *
     * @param schema a schema
     * @throws IllegalArgumentException naming a missing column or one of another type
     */
    public void check(StructType schema) {
        kind(schema);
    }

    /**
     * @param schema a schema holding the columns
     * @param d      values per row; -1 to accept any length (a features column's rows are then
     *               not checked against each other)
     * @return a reader of rows of that schema
     */
    public RowValues reader(StructType schema, int d) {
        Kind kind = kind(schema);
        int[] positions = columns().stream().mapToInt(schema::fieldIndex).toArray();
        int width = kind == Kind.SCALARS ? inputCols.length : d;
        return new RowValues(kind, schema, positions, columns().toArray(new String[0]), width, skipInvalid);
    }

    /**
     * @param data   the rows to transform
     * @param reader a reader of their schema, from {@link #reader}
     * @return the rows, those with an invalid value left out when skipping (no Spark job starts)
     */
    public Dataset<Row> transformable(Dataset<?> data, RowValues reader) {
        Dataset<Row> rows = data.toDF();
        return skipInvalid ? rows.filter((FilterFunction<Row>) row -> reader.read(row) != null) : rows;
    }

    /**
     * The rows' values, invalid rows left out when skipping.
     *
     * @param data    the data
     * @param d       values per row, -1 to accept any length
     * @param skipped counts the rows left out (may be null); as any accumulator updated in a
     *                transformation, a retried task can count its rows twice
     * @return one array per valid row, in the Dataset's order; an action fails on an invalid row
     *         unless skipping, and on a row of another length, naming the column
     */
    public JavaRDD<double[]> rows(Dataset<?> data, int d, LongAccumulator skipped) {
        InternalRows selected = internalRows(data, d);
        RowValues reader = selected.reader();
        return selected.rows().mapPartitions(it -> new ValidRows<>(it, reader::read, skipped, (row, values) -> values));
    }

    /**
     * @param data the data
     * @param d    values per row, -1 to accept any length
     * @return the input columns alone, as Spark's internal rows (reused from row to row: copy what
     *         is kept), with their reader
     */
    public InternalRows internalRows(Dataset<?> data, int d) {
        Dataset<Row> selected =
                data.select(columns().stream().map(InputColumns::quoted).toArray(Column[]::new));
        return new InternalRows(selected.queryExecution().toRdd().toJavaRDD(), reader(selected.schema(), d));
    }

    /**
     * Rows of the input columns alone in Spark's internal form.
     *
     * @param rows   the rows; a partition's iterator may reuse one row object
     * @param reader their reader
     */
    public record InternalRows(JavaRDD<InternalRow> rows, RowValues reader) {}

    /** @return the error of data in which no row is valid */
    public IllegalArgumentException noValidRow() {
        return new IllegalArgumentException(
                (featuresCol == null ? "columns " + List.of(inputCols) : "column '" + featuresCol + "'")
                        + " has no valid row");
    }

    /**
     * As {@link #rows}, each row keyed by the text of its {@code keyColumn} cell ("null" for null),
     * as {@link DatasetRows#keyed} keys them.
     *
     * @param keyColumn a column of any type
     * @throws IllegalArgumentException if the key column does not exist
     */
    public JavaPairRDD<String, double[]> keyedRows(Dataset<?> data, int d, String keyColumn, LongAccumulator skipped) {
        if (!List.of(data.columns()).contains(keyColumn)) {
            throw new IllegalArgumentException("no column '" + keyColumn + "' in " + List.of(data.columns()));
        }
        List<Column> columns =
                new ArrayList<>(columns().stream().map(InputColumns::quoted).toList());
        columns.add(quoted(keyColumn));
        Dataset<Row> selected = data.select(columns.toArray(Column[]::new));
        RowValues reader = reader(selected.schema(), d);
        int key = columns.size() - 1;
        return selected.javaRDD()
                .mapPartitionsToPair(it -> new ValidRows<>(
                        it,
                        reader::read,
                        skipped,
                        (row, values) -> new Tuple2<>(String.valueOf(row.get(key)), values)));
    }

    /**
     * @param data the data
     * @return the values of the first valid row, of any length (one short Spark job)
     * @throws IllegalArgumentException if no row is valid
     */
    public double[] firstValid(Dataset<?> data) {
        List<double[]> first = rows(data, -1, null).take(1);
        if (first.isEmpty()) {
            throw noValidRow();
        }
        return first.get(0).clone();
    }

    /**
     * @param data the data
     * @return the number of values per row: {@link #declaredDimension}, or else the length of the
     *         first valid features value (one short Spark job)
     * @throws IllegalArgumentException if no row is valid
     */
    public int dimension(Dataset<?> data) {
        int declared = declaredDimension(data.schema());
        return declared >= 0 ? declared : firstValid(data).length;
    }

    /**
     * @param schema a schema holding the columns
     * @return the number of values per row the schema gives: the input columns' count, or the size
     *         a vector column's ML attributes give (as {@code VectorAssembler} writes them); -1 when
     *         only the rows tell
     */
    public int declaredDimension(StructType schema) {
        if (featuresCol == null) {
            return inputCols.length;
        }
        return kind(schema) == Kind.VECTOR
                ? AttributeGroup.fromStructField(schema.apply(featuresCol)).size()
                : -1;
    }

    private Kind kind(StructType schema) {
        List<String> names = Arrays.asList(schema.fieldNames());
        for (String c : columns()) {
            if (!names.contains(c)) {
                throw new IllegalArgumentException("no column '" + c + "' in " + names);
            }
        }
        if (featuresCol == null) {
            for (String c : inputCols) {
                DataType type = schema.apply(c).dataType();
                if (!(type instanceof NumericType)) {
                    throw new IllegalArgumentException(
                            "column '" + c + "' must be numeric, but is " + type.simpleString());
                }
            }
            return Kind.SCALARS;
        }
        DataType type = schema.apply(featuresCol).dataType();
        if (type.equals(SQLDataTypes.VectorType())) {
            return Kind.VECTOR;
        }
        if (type instanceof ArrayType array && array.elementType() instanceof NumericType) {
            return Kind.ARRAY;
        }
        throw new IllegalArgumentException("column '" + featuresCol + "' must hold a vector, array<double> or "
                + "array<float> (or another numeric array), but is " + type.simpleString());
    }

    /**
     * The valid rows of a partition, each turned into a result; invalid rows are counted and left
     * out when skipping.
     */
    private static final class ValidRows<R, T> implements Iterator<T> {
        private final Iterator<R> rows;
        private final Function<R, double[]> reader;
        private final LongAccumulator skipped;
        private final BiFunction<R, double[], T> result;
        private T next;

        ValidRows(
                Iterator<R> rows,
                Function<R, double[]> reader,
                LongAccumulator skipped,
                BiFunction<R, double[], T> result) {
            this.rows = rows;
            this.reader = reader;
            this.skipped = skipped;
            this.result = result;
            this.next = advance();
        }

        private T advance() {
            while (rows.hasNext()) {
                R row = rows.next();
                double[] values = reader.apply(row);
                if (values != null) {
                    return result.apply(row, values);
                }
                if (skipped != null) {
                    skipped.add(1);
                }
            }
            return null;
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public T next() {
            if (next == null) {
                throw new NoSuchElementException();
            }
            T current = next;
            next = advance();
            return current;
        }
    }

    /** @return the column, its name quoted so that dots and backticks are taken literally */
    public static Column quoted(String column) {
        return functions.col("`" + column.replace("`", "``") + "`");
    }
}

package dev.mvstat.jobs.input;

import dev.mvstat.spark.DatasetRows;
import dev.mvstat.spark.RowValues;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.CatalystTypeConverters;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import scala.Function1;

import java.io.Serializable;

/**
 * Turns one input row, in Spark's internal form, into the values of the selected columns, or of
 * its features column, minus the {@link Pivot}, or says what is wrong with it: a record the reader
 * could not split into the header's fields (Spark's corrupt-record column,
 * {@link InputFormat#MALFORMED_RECORD}), the first invalid selected cell, or a features value with
 * a non-finite entry or of another length. Numeric cells are read with typed getters and text cells
 * as text, none boxed; only a rejected row is turned into an external {@link Row}.
 */
public final class RowParser implements Serializable {

    private final InputFormat format;
    /** The input's schema, corrupt-record column included. */
    private final StructType schema;
    /** Positions of the selected scalar columns; empty when reading a features column. */
    private final int[] indices;
    /** Their names. */
    private final String[] names;
    /** Their types. */
    private final DataType[] types;
    /** Reads the features column, or null when reading scalar columns. */
    private final RowValues features;
    /** Values per row. */
    private final int width;

    private final Pivot pivot;
    /** Position of the corrupt-record column in the input rows, or -1 when the input has none. */
    private final int malformedIndex;
    /** Position of the {@code --id-column} in the input rows, or -1. */
    private final int idIndex;
    /** The CSV field delimiter, for the message of a malformed record. */
    private final char delimiter;
    /** Converts a whole row to an external one, made in each task when first needed. */
    private transient Function1<Object, Object> toExternal;

    private RowParser(
            InputFormat format,
            StructType schema,
            int[] indices,
            String[] names,
            RowValues features,
            int width,
            Pivot pivot,
            int malformedIndex,
            int idIndex,
            char delimiter) {
        this.format = format;
        this.schema = schema;
        this.indices = indices.clone();
        this.names = names.clone();
        this.types = new DataType[indices.length];
        for (int j = 0; j < indices.length; j++) {
            types[j] = schema.fields()[indices[j]].dataType();
        }
        this.features = features;
        this.width = width;
        this.pivot = pivot;
        this.malformedIndex = malformedIndex;
        this.idIndex = idIndex;
        this.delimiter = delimiter;
    }

    /** @return a parser of the scalar columns at {@code indices} of {@code schema}, named {@code names} */
    static RowParser ofColumns(
            InputFormat format,
            StructType schema,
            int[] indices,
            String[] names,
            Pivot pivot,
            int malformedIndex,
            int idIndex,
            char delimiter) {
        return new RowParser(
                format, schema, indices, names, null, indices.length, pivot, malformedIndex, idIndex, delimiter);
    }

    /** @return a parser of the features column {@code features} reads, of {@code pivot}'s width */
    static RowParser ofFeatures(
            InputFormat format,
            StructType schema,
            RowValues features,
            Pivot pivot,
            int malformedIndex,
            int idIndex,
            char delimiter) {
        return new RowParser(
                format,
                schema,
                new int[0],
                new String[0],
                features,
                pivot.values().length,
                pivot,
                malformedIndex,
                idIndex,
                delimiter);
    }

    /**
     * @param row    an input row; its cells are copied out, so a reused row may change afterwards
     * @param values receives the selected values minus the pivot; length {@link #width()}
     * @return what is wrong with the row, or null when {@code values} holds it
     */
    String parse(InternalRow row, double[] values) {
        if (malformedIndex >= 0 && !row.isNullAt(malformedIndex)) {
            return format.malformation(row.getUTF8String(malformedIndex).toString(), row.numFields() - 1, delimiter);
        }
        if (features != null) {
            return parseFeatures(row, values);
        }
        for (int j = 0; j < indices.length; j++) {
            String problem = parseCell(row, j, values);
            if (problem != null) {
                return "column '" + names[j] + "': " + problem;
            }
        }
        return null;
    }

    /** Parses selected cell j into {@code values[j]}; returns what is wrong with it, or null. */
    private String parseCell(InternalRow row, int j, double[] values) {
        int i = indices[j];
        if (row.isNullAt(i)) {
            return Cells.problem(null);
        }
        if (types[j] instanceof NumericType) {
            double value = RowValues.number(row, i, types[j]);
            values[j] = pivot.subtractFrom(j, value);
            return Double.isFinite(value) ? null : Cells.problem(value);
        }
        Object cell = types[j] instanceof StringType
                ? row.getUTF8String(i).toString()
                : CatalystTypeConverters.convertToScala(row.get(i, types[j]), types[j]);
        values[j] = pivot.subtractFrom(j, cell);
        return Double.isNaN(values[j]) ? Cells.problem(cell) : null;
    }

    private String parseFeatures(InternalRow row, double[] values) {
        double[] read;
        try {
            read = features.read(row);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        for (int j = 0; j < width; j++) {
            values[j] = pivot.subtractFrom(j, read[j]);
        }
        return null;
    }

    /** @return the values subtracted from every row */
    Pivot pivot() {
        return pivot;
    }

    /** @return the row's {@code --id-column} value as an external Row holds it, or null without one */
    Object id(InternalRow row) {
        if (idIndex < 0) {
            return null;
        }
        DataType type = schema.fields()[idIndex].dataType();
        return CatalystTypeConverters.convertToScala(row.get(idIndex, type), type);
    }

    /** @return the number of selected columns: the length of the values {@link #parse} fills */
    int width() {
        return width;
    }

    /** @return the row as read: without the corrupt-record column, if the input has one */
    Row asRead(Row row) {
        if (malformedIndex < 0) {
            return row;
        }
        Object[] cells = new Object[row.length() - 1];
        for (int i = 0, k = 0; i < row.length(); i++) {
            if (i != malformedIndex) {
                cells[k++] = row.get(i);
            }
        }
        return RowFactory.create(cells);
    }

    /** @return the row as read, as an external row, with the reason appended */
    Row rejected(InternalRow row, String reason) {
        if (toExternal == null) {
            toExternal = CatalystTypeConverters.createToScalaConverter(schema);
        }
        return DatasetRows.append(asRead((Row) toExternal.apply(row)), reason);
    }
}

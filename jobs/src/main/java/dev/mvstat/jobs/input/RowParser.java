package dev.mvstat.jobs.input;

import dev.mvstat.spark.DatasetRows;
import dev.mvstat.spark.RowValues;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.io.Serializable;

/**
 * Turns one input row into the values of the selected columns, or of its features column, minus
 * the {@link Pivot}, or says what is wrong with it: a record the reader could not split into the
 * header's fields (Spark's corrupt-record column, {@link InputFormat#MALFORMED_RECORD}), the first
 * invalid selected cell, or a features value with a non-finite entry or of another length.
 */
public final class RowParser implements Serializable {

    private final InputFormat format;
    /** Positions of the selected scalar columns; empty when reading a features column. */
    private final int[] indices;
    /** Their names. */
    private final String[] names;
    /** Reads the features column, or null when reading scalar columns. */
    private final RowValues features;
    /** Values per row. */
    private final int width;
    private final Pivot pivot;
    /** Position of the corrupt-record column in the input rows, or -1 when the input has none. */
    private final int malformedIndex;
    /** Position of the {@code --id-column} in the input rows, or -1. */
    private final int idIndex;

    private RowParser(InputFormat format, int[] indices, String[] names, RowValues features, int width, Pivot pivot,
                      int malformedIndex, int idIndex) {
        this.idIndex = idIndex;
        this.format = format;
        this.indices = indices.clone();
        this.names = names.clone();
        this.features = features;
        this.width = width;
        this.pivot = pivot;
        this.malformedIndex = malformedIndex;
    }

    /** @return a parser of the scalar columns at {@code indices}, named {@code names} */
    static RowParser ofColumns(InputFormat format, int[] indices, String[] names, Pivot pivot, int malformedIndex,
                               int idIndex) {
        return new RowParser(format, indices, names, null, indices.length, pivot, malformedIndex, idIndex);
    }

    /** @return a parser of the features column {@code features} reads, of {@code pivot}'s width */
    static RowParser ofFeatures(InputFormat format, RowValues features, Pivot pivot, int malformedIndex, int idIndex) {
        return new RowParser(format, new int[0], new String[0], features, pivot.values().length, pivot, malformedIndex,
                idIndex);
    }

    /**
     * @param row    an input row
     * @param values receives the selected values minus the pivot; length {@code names.length}
     * @return what is wrong with the row, or null when {@code values} holds it
     */
    String parse(Row row, double[] values) {
        if (malformedIndex >= 0 && !row.isNullAt(malformedIndex)) {
            return format.malformation(row.getString(malformedIndex), row.length() - 1);
        }
        if (features != null) {
            return parseFeatures(row, values);
        }
        for (int j = 0; j < indices.length; j++) {
            Object cell = row.get(indices[j]);
            values[j] = pivot.subtractFrom(j, cell);
            if (Double.isNaN(values[j])) {
                return "column '" + names[j] + "': " + Cells.problem(cell);
            }
        }
        return null;
    }

    private String parseFeatures(Row row, double[] values) {
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

    /** @return the row's {@code --id-column} value, or null without one */
    Object id(Row row) {
        return idIndex < 0 ? null : row.get(idIndex);
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

    /** @return the row as read, with the reason appended */
    Row rejected(Row row, String reason) {
        return DatasetRows.append(asRead(row), reason);
    }
}

package dev.mvstat.spark;

import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import scala.collection.Seq;

import java.io.Serializable;

/**
 * Reads one row's values as {@code double[]}, from the columns {@link InputColumns} checked. A
 * task-side object: built on the driver, shipped in the closure.
 */
public final class RowValues implements Serializable {

    private final InputColumns.Kind kind;
    /** Positions of the columns read in the rows' schema. */
    private final int[] positions;
    /** Their names, for messages. */
    private final String[] names;
    /** Values per row, or -1 when any length is accepted. */
    private final int width;
    private final boolean skipInvalid;
    RowValues(InputColumns.Kind kind, int[] positions, String[] names, int width, boolean skipInvalid) {
        this.kind = kind;
        this.positions = positions;
        this.names = names;
        this.width = width;
        this.skipInvalid = skipInvalid;
    }

    /**
     * @param row a row of the schema the reader was made for
     * @return its values (possibly the row's own array: do not modify), or null when the row holds
     *         a null, NaN or infinite value and invalid rows are skipped
     * @throws IllegalArgumentException on an invalid value when not skipping, naming the column
     *                                  and the value; on a features value of another length
     */
    public double[] read(Row row) {
        double[] values = switch (kind) {
            case VECTOR -> vector(row);
            case ARRAY -> array(row);
            case SCALARS -> scalars(row);
        };
        return values == null ? null : finite(values);
    }

    private double[] vector(Row row) {
        Object cell = row.get(positions[0]);
        if (cell == null) {
            return invalid(names[0], "null");
        }
        Vector v = (Vector) cell;
        checkLength(v.size());
        return v.toArray();
    }

    private double[] array(Row row) {
        Object cell = row.get(positions[0]);
        if (cell == null) {
            return invalid(names[0], "null");
        }
        Seq<?> seq = (Seq<?>) cell;
        int n = seq.length();
        checkLength(n);
        double[] values = new double[n];
        for (int j = 0; j < n; j++) {
            Object v = seq.apply(j);
            if (v == null) {
                return invalid(names[0], "null at index " + j);
            }
            values[j] = ((Number) v).doubleValue();
        }
        return values;
    }

    private double[] scalars(Row row) {
        double[] values = new double[positions.length];
        for (int j = 0; j < positions.length; j++) {
            Object v = row.get(positions[j]);
            if (v == null) {
                return invalid(names[j], "null");
            }
            values[j] = ((Number) v).doubleValue();
        }
        return values;
    }

    /** @return the values when all are finite, else what {@link #invalid} says */
    private double[] finite(double[] values) {
        for (int j = 0; j < values.length; j++) {
            if (!Double.isFinite(values[j])) {
                return kind == InputColumns.Kind.SCALARS ? invalid(names[j], String.valueOf(values[j]))
                        : invalid(names[0], values[j] + " at index " + j);
            }
        }
        return values;
    }

    private void checkLength(int length) {
        if (width >= 0 && length != width) {
            throw new IllegalArgumentException("column '" + names[0] + "' holds a value of length " + length
                    + ", expected " + width);
        }
    }

    /** @return null when skipping invalid rows */
    private double[] invalid(String column, String value) {
        if (skipInvalid) {
            return null;
        }
        throw new IllegalArgumentException("column '" + column + "' has the value " + value + ": need finite numbers");
    }
}

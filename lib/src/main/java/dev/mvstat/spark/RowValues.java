package dev.mvstat.spark;

import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.SpecializedGetters;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StructType;
import scala.collection.Seq;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Reads one row's values as {@code double[]}, from the columns {@link InputColumns} checked: from
 * an external {@link Row}, or from Spark's {@link InternalRow} with typed getters, no cell boxed
 * (an ML vector is its internal struct of type, size, indices and values). A task-side object:
 * built on the driver, shipped in the closure.
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
    /** The numeric type of each scalar column, or of the array's elements; a vector's values are doubles. */
    private final DataType[] types;

    RowValues(
            InputColumns.Kind kind,
            StructType schema,
            int[] positions,
            String[] names,
            int width,
            boolean skipInvalid) {
        this.kind = kind;
        this.positions = positions;
        this.names = names;
        this.width = width;
        this.skipInvalid = skipInvalid;
        this.types = new DataType[positions.length];
        for (int j = 0; j < positions.length; j++) {
            DataType type = schema.fields()[positions[j]].dataType();
            types[j] = type instanceof ArrayType array ? array.elementType() : type;
        }
    }

    /**
     * @param row a row of the schema the reader was made for
     * @return its values (possibly the row's own array: do not modify), or null when the row holds
     *         a null, NaN or infinite value and invalid rows are skipped
     * @throws IllegalArgumentException on an invalid value when not skipping, naming the column
     *                                  and the value; on a features value of another length
     */
    public double[] read(Row row) {
        double[] values = readUnchecked(row);
        return values == null ? null : finite(values);
    }

    /**
     * As {@link #read(Row)} but without looking for NaN and infinite values, for a caller whose
     * result shows them (a squared distance is then not finite) and who reads such rows again with
     * {@link #read(Row)}.
     *
     * @return the row's values (possibly the row's own array: do not modify), or null when the
     *         row holds a null and invalid rows are skipped
     */
    public double[] readUnchecked(Row row) {
        return switch (kind) {
            case VECTOR -> vector(row);
            case ARRAY -> array(row);
            case SCALARS -> scalars(row);
        };
    }

    /**
     * As {@link #read(Row)}, from a row in Spark's internal form of the same schema.
     *
     * @param row an internal row; its values are copied out, so a reused row may change afterwards
     */
    public double[] read(InternalRow row) {
        return read(row, null);
    }

    /**
     * As {@link #read(InternalRow)}, into an array the caller reuses from row to row: the values
     * are copied and checked in one sweep, and no array is allocated while the lengths agree.
     *
     * @param row   an internal row
     * @param reuse the array to fill when it has the row's length, else null
     * @return {@code reuse} or a new array holding the values, or null when the row is invalid and
     *         invalid rows are skipped
     */
    public double[] read(InternalRow row, double[] reuse) {
        return switch (kind) {
            case VECTOR ->
                row.isNullAt(positions[0]) ? invalid(names[0], "null") : vector(row.getStruct(positions[0], 4), reuse);
            case ARRAY ->
                row.isNullAt(positions[0]) ? invalid(names[0], "null") : array(row.getArray(positions[0]), reuse);
            case SCALARS -> scalars(row, reuse);
        };
    }

    /**
     * An ML vector's internal struct: type (0 sparse, 1 dense), size, indices, values. Dense values
     * are copied one by one: {@code ArrayData.toDoubleArray}'s bulk copy profiled several times
     * slower on cached rows.
     */
    private double[] vector(InternalRow struct, double[] reuse) {
        ArrayData values = struct.getArray(3);
        if (struct.getByte(0) == 1) {
            int n = values.numElements();
            checkLength(n);
            double[] dense = buffer(reuse, n);
            for (int j = 0; j < n; j++) {
                double v = values.getDouble(j);
                if (!Double.isFinite(v)) {
                    return invalid(names[0], v + " at index " + j);
                }
                dense[j] = v;
            }
            return dense;
        }
        int size = struct.getInt(1);
        checkLength(size);
        ArrayData indices = struct.getArray(2);
        double[] dense = buffer(reuse, size);
        Arrays.fill(dense, 0.0);
        for (int k = 0; k < values.numElements(); k++) {
            int j = indices.getInt(k);
            double v = values.getDouble(k);
            if (!Double.isFinite(v)) {
                return invalid(names[0], v + " at index " + j);
            }
            dense[j] = v;
        }
        return dense;
    }

    private double[] array(ArrayData array, double[] reuse) {
        int n = array.numElements();
        checkLength(n);
        double[] values = buffer(reuse, n);
        for (int j = 0; j < n; j++) {
            if (array.isNullAt(j)) {
                return invalid(names[0], "null at index " + j);
            }
            double v = number(array, j, types[0]);
            if (!Double.isFinite(v)) {
                return invalid(names[0], v + " at index " + j);
            }
            values[j] = v;
        }
        return values;
    }

    private double[] scalars(InternalRow row, double[] reuse) {
        double[] values = buffer(reuse, positions.length);
        for (int j = 0; j < positions.length; j++) {
            if (row.isNullAt(positions[j])) {
                return invalid(names[j], "null");
            }
            double v = number(row, positions[j], types[j]);
            if (!Double.isFinite(v)) {
                return invalid(names[j], String.valueOf(v));
            }
            values[j] = v;
        }
        return values;
    }

    /** @return {@code reuse} when it holds n values, else a new array */
    private static double[] buffer(double[] reuse, int n) {
        return reuse != null && reuse.length == n ? reuse : new double[n];
    }

    /**
     * @param cells an internal row or array
     * @param i     a position holding a value of a numeric type
     * @param type  that type
     * @return the value as a double
     */
    public static double number(SpecializedGetters cells, int i, DataType type) {
        if (type instanceof DoubleType) {
            return cells.getDouble(i);
        }
        if (type instanceof FloatType) {
            return cells.getFloat(i);
        }
        if (type instanceof LongType) {
            return cells.getLong(i);
        }
        if (type instanceof IntegerType) {
            return cells.getInt(i);
        }
        if (type instanceof ShortType) {
            return cells.getShort(i);
        }
        if (type instanceof ByteType) {
            return cells.getByte(i);
        }
        if (type instanceof DecimalType decimal) {
            return cells.getDecimal(i, decimal.precision(), decimal.scale()).toDouble();
        }
        throw new IllegalArgumentException("not a numeric type: " + type.simpleString());
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
                return kind == InputColumns.Kind.SCALARS
                        ? invalid(names[j], String.valueOf(values[j]))
                        : invalid(names[0], values[j] + " at index " + j);
            }
        }
        return values;
    }

    private void checkLength(int length) {
        if (width >= 0 && length != width) {
            throw lengthMismatch(length, width);
        }
    }

    /**
     * @param length   the length of a features value
     * @param expected the length of the values before it
     * @return the error naming the features column and both lengths
     */
    public IllegalArgumentException lengthMismatch(int length, int expected) {
        return new IllegalArgumentException(
                "column '" + names[0] + "' holds a value of length " + length + ", expected " + expected);
    }

    /** @return null when skipping invalid rows */
    private double[] invalid(String column, String value) {
        if (skipInvalid) {
            return null;
        }
        throw new IllegalArgumentException("column '" + column + "' has the value " + value + ": need finite numbers");
    }
}

package dev.mvstat.jobs.input;

import dev.mvstat.jobs.cli.JobException;
import dev.mvstat.spark.InputColumns;
import dev.mvstat.spark.RowValues;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The {@code --features-col} input: one column holding an ML vector, an {@code array<double>} or
 * an {@code array<float>} per row, whose entries are the data's columns, named
 * {@code features[0]}, {@code features[1]}, ... Its width is the first valid sampled value's length.
 */
public final class FeaturesColumn {

    private final InputColumns input;
    private final StructType schema;
    private final int width;

    private FeaturesColumn(InputColumns input, StructType schema, int width) {
        this.input = input;
        this.schema = schema;
        this.width = width;
    }

    /**
     * @param schema the input's schema
     * @param sample the first rows of the input
     * @param path   the input, for messages
     * @param column the features column
     * @return the column, checked
     * @throws JobException a usage error if there is no such column; an input error if it holds
     *                      another type or no sampled row has a valid value
     */
    static FeaturesColumn of(StructType schema, List<Row> sample, String path, String column) {
        if (!Arrays.asList(schema.fieldNames()).contains(column)) {
            throw JobException.usage("--features-col '" + column + "' is not a column of " + path + "; columns: "
                    + Arrays.asList(schema.fieldNames()));
        }
        InputColumns input = InputColumns.of(column, null, InputColumns.SKIP);
        RowValues anyLength;
        try {
            anyLength = input.reader(schema, -1);
        } catch (IllegalArgumentException e) {
            throw JobException.input(path + ": " + e.getMessage());
        }
        for (Row row : sample) {
            double[] values = anyLength.read(row);
            if (values != null) {
                return new FeaturesColumn(input, schema, values.length);
            }
        }
        throw JobException.input(
                path + ": no valid value in column '" + column + "' among the first " + sample.size() + " rows");
    }

    /** @return the names of the values: {@code column[0]}, {@code column[1]}, ... */
    List<String> names() {
        return input.valueNames(width);
    }

    /** @return a reader that fails on an invalid value or one of another length, naming it */
    RowValues reader() {
        return InputColumns.of(input.columns().get(0), null, InputColumns.ERROR).reader(schema, width);
    }

    /** @return the pivot: the first sampled row whose value is valid and of the column's width */
    Pivot pivot(List<Row> sample) {
        RowValues strict = reader();
        List<Row> cells = new ArrayList<>();
        for (Row row : sample) {
            try {
                cells.add(RowFactory.create(
                        Arrays.stream(strict.read(row)).boxed().toArray()));
            } catch (IllegalArgumentException invalid) {
                // not a pivot candidate
            }
        }
        int[] indices = IntStream.range(0, width).toArray();
        return Pivot.firstValid(cells, indices);
    }
}

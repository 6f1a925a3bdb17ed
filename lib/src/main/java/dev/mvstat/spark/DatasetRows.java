package dev.mvstat.spark;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import scala.Tuple2;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/** Named numeric columns of a Dataset as an RDD of {@code double[]} rows. */
public final class DatasetRows {

    private DatasetRows() {}

    /**
     * @param data    the data
     * @param columns numeric columns, in order; each is cast to double
     * @return one {@code double[]} per row; a Spark action over it fails (a {@code SparkException}
     *         from the task) on a null, NaN or infinite value, naming the column, and on text that
     *         does not cast to a number (Spark's ANSI cast error)
     * @throws IllegalArgumentException if a column does not exist
     */
    public static JavaRDD<double[]> of(Dataset<Row> data, List<String> columns) {
        String[] names = columns.toArray(new String[0]);
        int[] positions = IntStream.range(0, names.length).toArray();
        return data.select(numeric(data, columns)).javaRDD().map(row -> values(row, positions, names));
    }

    /**
     * As {@link #of}, each row keyed by the text of its {@code keyColumn} cell ("null" for null).
     *
     * @throws IllegalArgumentException if a column does not exist
     */
    public static JavaPairRDD<String, double[]> keyed(Dataset<Row> data, List<String> columns, String keyColumn) {
        positions(data, List.of(keyColumn));
        Column[] selected = Arrays.copyOf(numeric(data, columns), columns.size() + 1);
        selected[columns.size()] = InputColumns.quoted(keyColumn);
        String[] names = columns.toArray(new String[0]);
        int[] positions = IntStream.range(0, names.length).toArray();
        return data.select(selected)
                .javaRDD()
                .mapToPair(row -> new Tuple2<>(String.valueOf(row.get(names.length)), values(row, positions, names)));
    }

    /** The columns cast to double, after checking that they exist. */
    private static Column[] numeric(Dataset<Row> data, List<String> columns) {
        positions(data, columns);
        return columns.stream().map(c -> InputColumns.quoted(c).cast("double")).toArray(Column[]::new);
    }

    /**
     * @param row     a row
     * @param indices positions of numeric cells in the row
     * @param names   their column names, for the error message
     * @return the cells' values
     * @throws IllegalArgumentException naming the column of a null, NaN, infinite or non-numeric cell
     */
    static double[] values(Row row, int[] indices, String[] names) {
        double[] values = new double[indices.length];
        for (int j = 0; j < indices.length; j++) {
            Object v = row.get(indices[j]);
            if (!(v instanceof Number number) || !Double.isFinite(number.doubleValue())) {
                throw new IllegalArgumentException(
                        "column '" + names[j] + "' has the value " + v + ": need finite numbers");
            }
            values[j] = number.doubleValue();
        }
        return values;
    }

    /**
     * @param row   a row
     * @param extra cells to append
     * @return a new row: the row's cells, then {@code extra}
     */
    public static Row append(Row row, Object... extra) {
        Object[] cells = new Object[row.length() + extra.length];
        for (int i = 0; i < row.length(); i++) {
            cells[i] = row.get(i);
        }
        System.arraycopy(extra, 0, cells, row.length(), extra.length);
        return RowFactory.create(cells);
    }

    /**
     * @return the positions of the columns in the Dataset's schema
     * @throws IllegalArgumentException if a column does not exist
     */
    static int[] positions(Dataset<Row> data, List<String> columns) {
        List<String> all = List.of(data.columns());
        return columns.stream()
                .mapToInt(c -> {
                    int i = all.indexOf(c);
                    if (i < 0) {
                        throw new IllegalArgumentException("no column '" + c + "' in " + all);
                    }
                    return i;
                })
                .toArray();
    }
}

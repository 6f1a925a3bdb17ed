package dev.mvstat.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

import java.util.List;

/** Named numeric columns of a Dataset as an RDD of {@code double[]} rows. */
public final class DatasetRows {

    private DatasetRows() {
    }

    /**
     * @param data    the data
     * @param columns numeric columns, in order; each is cast to double
     * @return one {@code double[]} per row; a Spark action over it fails (a {@code SparkException}
     *         from the task) on a null, NaN or infinite value, naming the column, and on text that
     *         does not cast to a number (Spark's ANSI cast error)
     * @throws IllegalArgumentException if a column does not exist
     */
    public static JavaRDD<double[]> of(Dataset<Row> data, List<String> columns) {
        for (String c : columns) {
            if (!List.of(data.columns()).contains(c)) {
                throw new IllegalArgumentException("no column '" + c + "' in " + List.of(data.columns()));
            }
        }
        Column[] selected = columns.stream()
                .map(c -> functions.col("`" + c.replace("`", "``") + "`").cast("double")).toArray(Column[]::new);
        String[] names = columns.toArray(new String[0]);
        return data.select(selected).javaRDD().map(row -> {
            double[] values = new double[names.length];
            for (int j = 0; j < names.length; j++) {
                Object v = row.get(j);
                if (v == null || !Double.isFinite((Double) v)) {
                    throw new IllegalArgumentException("column '" + names[j] + "' has the value " + v
                            + ": need finite numbers");
                }
                values[j] = (Double) v;
            }
            return values;
        });
    }
}

package dev.mvstat.testing;

import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.functions;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;

import java.util.Arrays;
import java.util.List;

import static org.apache.spark.sql.functions.col;

/** The test data sets as DataFrames, with their numeric columns also as every features column form. */
public final class Frames {

    /** Dense ML vector column. */
    public static final String DENSE = "features";
    /** Sparse ML vector column. */
    public static final String SPARSE = "sparse";
    /** array&lt;double&gt; column. */
    public static final String DOUBLES = "doubles";
    /** array&lt;float&gt; column. */
    public static final String FLOATS = "floats";

    private Frames() {}

    /** @return a data set read from its CSV file (header, inferred types), in file order, one partition */
    public static Dataset<Row> csv(String name) {
        return SparkTestSession.get()
                .read()
                .option("header", "true")
                .option("inferSchema", "true")
                .csv(TestData.csvFile(name).toString())
                .coalesce(1);
    }

    /** @return the numeric columns of a data set's DataFrame */
    public static String[] numericColumns(Dataset<Row> data) {
        return Arrays.stream(data.schema().fields())
                .filter(f -> f.dataType() instanceof NumericType)
                .map(StructField::name)
                .toArray(String[]::new);
    }

    /**
     * @param name a data set
     * @return its DataFrame with its numeric columns added as {@value #DENSE}, {@value #SPARSE},
     *         {@value #DOUBLES} and {@value #FLOATS} columns
     */
    public static Dataset<Row> withFeatures(String name) {
        Dataset<Row> data = csv(name);
        Dataset<Row> assembled = new VectorAssembler()
                .setInputCols(numericColumns(data))
                .setOutputCol(DENSE)
                .transform(data);
        SparkTestSession.get()
                .udf()
                .register("to_sparse", (UDF1<Vector, Vector>) Vector::toSparse, SQLDataTypes.VectorType());
        return assembled
                .withColumn(SPARSE, org.apache.spark.sql.functions.call_udf("to_sparse", col(DENSE)))
                .withColumn(DOUBLES, functions.vector_to_array(col(DENSE), "float64"))
                .withColumn(FLOATS, functions.vector_to_array(col(DENSE), "float32"));
    }

    /** @return a double column's values, in row order */
    public static double[] doubles(Dataset<Row> rows, String column) {
        List<Row> values = rows.select(col(column)).collectAsList();
        return values.stream().mapToDouble(r -> r.getDouble(0)).toArray();
    }
}

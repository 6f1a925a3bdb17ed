package dev.mvstat.ml.stat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mvstat.testing.ExactCovariance;
import dev.mvstat.testing.Frames;
import dev.mvstat.testing.SparkTestSession;
import dev.mvstat.testing.TestData;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static dev.mvstat.testing.Failures.rootMessage;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code mvstat_covariance} in SQL text and in {@code groupBy().agg}: per group equal to the
 * library's single-pass co-moments and, for whole data sets, to numpy; every input form; null,
 * empty, single-row and constant groups; partial aggregates merged; bad inputs.
 */
class MvstatFunctionsTest {

    private static final SparkSession SPARK = SparkTestSession.get();

    static {
        MvstatFunctions.register(SPARK);
    }

    /** The column grouped by. */
    private static final String KEY = "key";

    @Test
    void irisBySpeciesInSqlAndInGroupByEqualsEachSpeciesSinglePass() {
        Dataset<Row> iris = Frames.withFeatures("iris");
        iris.createOrReplaceTempView("iris");
        Map<String, Moments> sql =
                byKey(SPARK.sql("SELECT species AS key, mvstat_covariance(features) AS c FROM iris GROUP BY species"));
        Map<String, Moments> grouped = byKey(iris.groupBy(col("species").as(KEY))
                .agg(MvstatFunctions.covariance(col(Frames.DENSE)).as("c")));
        assertEquals(List.of("setosa", "versicolor", "virginica"), List.copyOf(sql.keySet()));
        assertEquals(sql.keySet(), grouped.keySet());
        for (String species : sql.keySet()) {
            Moments expected =
                    Moments.singlePass(vectors(iris.filter(col("species").equalTo(species)), Frames.DENSE));
            assertEquals(50, expected.count());
            expected.assertMatches(sql.get(species), 1e-12, species + " (SQL)");
            expected.assertMatches(grouped.get(species), 1e-12, species + " (groupBy)");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"iris", "wine", "blobs3"})
    void wholeDataSetAsOneGroupMatchesNumpy(String name) {
        Frames.withFeatures(name).createOrReplaceTempView("data");
        Moments actual = Moments.of(SPARK.sql("SELECT mvstat_covariance(features) FROM data")
                .first()
                .getStruct(0));
        JsonNode ref = TestData.reference(name);
        Moments numpy = new Moments(
                ref.get("count").asLong(),
                TestData.doubles(ref.get("mean")),
                TestData.doubles(ref.get("covariance")),
                TestData.doubles(ref.get("correlation")));
        numpy.assertMatches(actual, 1e-12, name);
    }

    @Test
    void offsetDataExactToTheLastDigitsOfItsDoubles() {
        Frames.withFeatures("offset").repartition(3).createOrReplaceTempView("offset");
        Moments actual = Moments.of(SPARK.sql("SELECT mvstat_covariance(features) FROM offset")
                .first()
                .getStruct(0));
        double[] exact = ExactCovariance.of(TestData.rows("offset"));
        for (int i = 0; i < exact.length; i++) {
            assertEquals(exact[i], actual.covariance()[i], 1e-13 * Math.abs(exact[i]), "covariance[" + i + "]");
        }
    }

    @Test
    void everyInputFormGivesTheSameResult() {
        Dataset<Row> wine = Frames.withFeatures("wine");
        Function<String, Map<String, Moments>> byCultivar =
                column -> byKey(wine.groupBy(col("cultivar").as(KEY)).agg(MvstatFunctions.covariance(col(column))));
        Map<String, Moments> dense = byCultivar.apply(Frames.DENSE);
        Map<String, Moments> sparse = byCultivar.apply(Frames.SPARSE);
        Map<String, Moments> doubles = byCultivar.apply(Frames.DOUBLES);
        Map<String, Moments> floats = byCultivar.apply(Frames.FLOATS);
        assertEquals(3, dense.size());
        for (String cultivar : dense.keySet()) {
            Dataset<Row> group = wine.filter(col("cultivar").equalTo(cultivar));
            Moments expected = Moments.singlePass(vectors(group, Frames.DENSE));
            expected.assertMatches(dense.get(cultivar), 1e-12, cultivar + " dense");
            expected.assertMatches(sparse.get(cultivar), 1e-12, cultivar + " sparse");
            expected.assertMatches(doubles.get(cultivar), 1e-12, cultivar + " array<double>");
            Moments ofFloats = Moments.singlePass(floatRows(group));
            ofFloats.assertMatches(floats.get(cultivar), 1e-12, cultivar + " array<float>");
            assertArrayEquals(
                    dense.get(cultivar).covariance(), sparse.get(cultivar).covariance(), cultivar);
            assertArrayEquals(
                    dense.get(cultivar).covariance(), doubles.get(cultivar).covariance(), cultivar);
        }
    }

    @Test
    void severalPartitionsMergeToTheResultOfOne() {
        Dataset<Row> wine = Frames.withFeatures("wine");
        Map<String, Moments> one = byKey(
                wine.coalesce(1).groupBy(col("cultivar").as(KEY)).agg(MvstatFunctions.covariance(col(Frames.DENSE))));
        Dataset<Row> split = wine.repartition(5);
        assertEquals(5, split.javaRDD().getNumPartitions());
        Map<String, Moments> merged =
                byKey(split.groupBy(col("cultivar").as(KEY)).agg(MvstatFunctions.covariance(col(Frames.DENSE))));
        assertEquals(one.keySet(), merged.keySet());
        for (String cultivar : one.keySet()) {
            one.get(cultivar).assertMatches(merged.get(cultivar), 1e-12, cultivar);
        }
    }

    @Test
    void manyGroupsPastTheHashAggregateFallbackStillMatchTheSinglePass() {
        int groups = 300;
        Dataset<Row> blobs = Frames.withFeatures("blobs3")
                .withColumn(
                        KEY,
                        org.apache.spark.sql.functions.format_string(
                                "g%03d", monotonically_increasing_id().mod(groups)));
        Map<String, Moments> result = byKey(blobs.groupBy(KEY).agg(MvstatFunctions.covariance(col(Frames.DENSE))));
        assertEquals(groups, result.size(), "more groups than a hash aggregate holds before sorting");
        List<double[]> rows = TestData.rows("blobs3");
        for (int g = 0; g < groups; g++) {
            List<double[]> group = new ArrayList<>();
            for (int i = g; i < rows.size(); i += groups) {
                group.add(rows.get(i));
            }
            Moments.singlePass(group).assertMatches(result.get(String.format("g%03d", g)), 1e-12, "group " + g);
        }
    }

    @Test
    void nullRowsAreLeftOutAndSmallGroupsHaveNoCovariance() {
        double[][] many = {{1, 2, 3}, {2, 4, 7}, {0, 1, 1}};
        Dataset<Row> data = keyed(
                SQLDataTypes.VectorType(),
                1,
                "empty",
                null,
                "empty",
                null,
                "one",
                Vectors.dense(1, 2, 3),
                "one",
                null,
                "many",
                Vectors.dense(many[0]),
                "many",
                null,
                "many",
                Vectors.dense(many[1]),
                "many",
                Vectors.dense(many[2]));
        Map<String, Moments> result = byKey(data.groupBy(KEY).agg(MvstatFunctions.covariance(col("v"))));

        Moments empty = result.get("empty");
        assertEquals(0, empty.count());
        assertNull(empty.mean());
        assertNull(empty.covariance());
        assertNull(empty.correlation());

        Moments one = result.get("one");
        assertEquals(1, one.count());
        assertArrayEquals(new double[] {1, 2, 3}, one.mean());
        assertNull(one.covariance());
        assertNull(one.correlation());

        Moments.singlePass(Arrays.asList(many)).assertMatches(result.get("many"), 1e-15, "many");

        Moments none = Moments.of(data.filter(lit(false))
                .agg(MvstatFunctions.covariance(col("v")))
                .first()
                .getStruct(0));
        assertEquals(0, none.count(), "no row at all");
        assertNull(none.mean());
    }

    @Test
    void aConstantValueHasNullCorrelations() {
        Dataset<Row> data = keyed(
                DataTypes.createArrayType(DataTypes.DoubleType),
                1,
                "k",
                new Double[] {1.0, 5.0, 2.0},
                "k",
                new Double[] {2.0, 5.0, 1.0},
                "k",
                new Double[] {4.0, 5.0, 3.0});
        Moments m = byKey(data.groupBy(KEY).agg(MvstatFunctions.covariance(col("v"))))
                .get("k");
        for (int j = 0; j < 3; j++) {
            assertTrue(Double.isNaN(m.correlation()[3 + j]), "row of the constant value");
            assertTrue(Double.isNaN(m.correlation()[3 * j + 1]), "column of the constant value");
            assertEquals(0.0, m.covariance()[3 + j]);
        }
        assertEquals(1.0, m.correlation()[0]);
        assertEquals(
                1 / Math.sqrt(7.0 / 3),
                m.correlation()[2],
                1e-15,
                "corr((1, 2, 4), (2, 1, 3)): covariance 1 over sqrt(7/3 * 1)");
        assertFalse(Double.isNaN(m.correlation()[6]));
    }

    @Test
    void resultSchemaIsCountMeanCovarianceCorrelation() {
        Frames.withFeatures("iris").createOrReplaceTempView("iris");
        StructType type = (StructType) SPARK.sql("SELECT mvstat_covariance(doubles) AS c FROM iris")
                .schema()
                .apply("c")
                .dataType();
        assertEquals(CovarianceAggregator.OUTPUT, type);
        assertArrayEquals(new String[] {"count", "mean", "covariance", "correlation"}, type.fieldNames());
    }

    @Test
    void invalidValuesFailNamingColumnIndexAndValue() {
        Dataset<Row> nan =
                keyed(SQLDataTypes.VectorType(), 1, "k", Vectors.dense(1, 2), "k", Vectors.dense(3, Double.NaN));
        Exception e = assertThrows(
                Exception.class,
                () -> nan.groupBy(KEY).agg(MvstatFunctions.covariance(col("v"))).collect());
        assertTrue(
                rootMessage(e).contains("column 'v' has the value NaN at index 1: need finite numbers"),
                rootMessage(e));

        Dataset<Row> nullElement = keyed(
                DataTypes.createArrayType(DataTypes.DoubleType), 1, "k", new Double[] {1.0, 2.0}, "k", new Double[] {
                    3.0, null
                });
        e = assertThrows(
                Exception.class,
                () -> nullElement
                        .groupBy(KEY)
                        .agg(MvstatFunctions.covariance(col("v")))
                        .collect());
        assertTrue(rootMessage(e).contains("column 'v' has the value null at index 1"), rootMessage(e));

        Dataset<Row> huge =
                keyed(SQLDataTypes.VectorType(), 1, "k", Vectors.dense(1e200, 1), "k", Vectors.dense(-1e200, 2));
        e = assertThrows(
                Exception.class,
                () -> huge.groupBy(KEY)
                        .agg(MvstatFunctions.covariance(col("v")))
                        .collect());
        assertTrue(rootMessage(e).contains("the variance of column 'v[0]' overflows double precision"), rootMessage(e));
    }

    @Test
    void aRowOfAnotherLengthFailsNamingBothLengths() {
        Dataset<Row> inOnePartition =
                keyed(SQLDataTypes.VectorType(), 1, "k", Vectors.dense(1, 2, 3), "k", Vectors.dense(1, 2));
        Exception e = assertThrows(
                Exception.class,
                () -> inOnePartition
                        .groupBy(KEY)
                        .agg(MvstatFunctions.covariance(col("v")))
                        .collect());
        assertTrue(
                rootMessage(e)
                        .contains("column 'v' holds a value of length 2 in a group whose first value has length 3"),
                rootMessage(e));

        Dataset<Row> acrossPartitions = keyed(
                SQLDataTypes.VectorType(),
                2,
                "k",
                Vectors.dense(1, 2, 3),
                "k",
                Vectors.dense(2, 1, 3),
                "k",
                Vectors.dense(1, 2),
                "k",
                Vectors.dense(2, 1));
        e = assertThrows(
                Exception.class,
                () -> acrossPartitions
                        .groupBy(KEY)
                        .agg(MvstatFunctions.covariance(col("v")))
                        .collect());
        assertTrue(
                rootMessage(e)
                        .matches("column 'v' holds values of length (3 and of length 2|2 and of length 3) in one "
                                + "group: mvstat_covariance needs one length per group"),
                rootMessage(e));
    }

    @Test
    void anotherTypeOrArgumentCountFailsAtAnalysis() {
        Frames.withFeatures("iris").createOrReplaceTempView("iris");
        Exception e = assertThrows(Exception.class, () -> SPARK.sql("SELECT mvstat_covariance(species) FROM iris"));
        assertTrue(
                e.getMessage()
                        .contains(
                                "column 'species' must hold a vector, array<double> or array<float> (or another numeric array), but is string"),
                e.getMessage());
        e = assertThrows(Exception.class, () -> SPARK.sql("SELECT mvstat_covariance(features, doubles) FROM iris"));
        assertTrue(e.getMessage().contains("requires 1 parameters but the actual number is 2"), e.getMessage());
    }

    /** @return each group's result, by the {@value #KEY} column (string), in key order */
    private static Map<String, Moments> byKey(Dataset<Row> result) {
        Map<String, Moments> byKey = new LinkedHashMap<>();
        for (Row r : result.orderBy(KEY).collectAsList()) {
            byKey.put(r.getString(0), Moments.of(r.getStruct(1)));
        }
        return byKey;
    }

    /** @return a vector column's values, in the Dataset's order */
    private static List<double[]> vectors(Dataset<Row> data, String column) {
        return data.select(column).collectAsList().stream()
                .map(r -> ((Vector) r.get(0)).toArray())
                .toList();
    }

    /** @return the {@value Frames#FLOATS} column's values as doubles, in the Dataset's order */
    private static List<double[]> floatRows(Dataset<Row> data) {
        List<double[]> rows = new ArrayList<>();
        for (Row r : data.select(Frames.FLOATS).collectAsList()) {
            rows.add(
                    r.<Float>getList(0).stream().mapToDouble(Float::doubleValue).toArray());
        }
        return rows;
    }

    /**
     * @param type       the type of column {@code v}
     * @param partitions the number of partitions, filled in order
     * @param keysValues alternately a key and a value of {@code v} (a vector, a Double[] for an array, or null)
     * @return a Dataset of columns {@value #KEY} and {@code v}
     */
    private static Dataset<Row> keyed(DataType type, int partitions, Object... keysValues) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < keysValues.length; i += 2) {
            rows.add(RowFactory.create(keysValues[i], keysValues[i + 1]));
        }
        StructType schema = new StructType().add(KEY, DataTypes.StringType).add("v", type, true);
        return SPARK.createDataFrame(
                JavaSparkContext.fromSparkContext(SPARK.sparkContext()).parallelize(rows, partitions), schema);
    }
}

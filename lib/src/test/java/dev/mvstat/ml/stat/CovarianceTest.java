package dev.mvstat.ml.stat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mvstat.moments.CovarianceModel;
import dev.mvstat.testing.Frames;
import dev.mvstat.testing.SparkTestSession;
import dev.mvstat.testing.TestData;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.stream.IntStream;

import static dev.mvstat.testing.Close.assertClose;
import static dev.mvstat.testing.Failures.rootMessage;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Covariance} on a features column against numpy / scipy, in every column form, and on bad input. */
class CovarianceTest {

    static {
        SparkTestSession.get();
    }

    @ParameterizedTest
    @ValueSource(strings = {"iris", "wine", "blobs3"})
    void covarianceAndCorrelationsMatchTheReference(String name) {
        Dataset<Row> data = Frames.withFeatures(name).repartition(3);
        JsonNode ref = TestData.reference(name);
        Matrix covariance = Covariance.covariance(data, Frames.DENSE);
        int d = covariance.numRows();
        assertEquals(d, covariance.numCols());
        Moments.assertCovarianceClose(TestData.doubles(ref.get("covariance")), covariance.toArray(), d, 1e-12, name);
        assertClose(
                TestData.doubles(ref.get("correlation")),
                Covariance.corr(data, Frames.DENSE).toArray(),
                1e-12,
                name + " pearson");
        assertArrayEquals(
                Covariance.corr(data, Frames.DENSE).toArray(),
                Covariance.corr(data, Frames.DENSE, "Pearson").toArray(),
                "pearson is the default");
        assertClose(
                TestData.doubles(ref.get("spearman")),
                Covariance.corr(data, Frames.DENSE, "spearman").toArray(),
                1e-12,
                name + " spearman");
    }

    @ParameterizedTest
    @ValueSource(strings = {"iris", "wine", "blobs3", "collinear"})
    void modelHasTheReferenceRankEigenvaluesAndDefiniteness(String name) {
        Dataset<Row> data = Frames.withFeatures(name);
        JsonNode ref = TestData.reference(name);
        CovarianceModel model = Covariance.model(data, Frames.DOUBLES, true);
        int d = model.dimension();
        assertEquals(IntStream.range(0, d).mapToObj(j -> "doubles[" + j + "]").toList(), model.columns());
        assertEquals(ref.get("count").asLong(), model.count());
        double[] eigenvalues = TestData.doubles(ref.get("eigenvalues"));
        assertClose(eigenvalues, model.eigenvalues(), 1e-12 * eigenvalues[d - 1], name + " eigenvalues");
        boolean positiveDefinite = ref.get("positive_definite").asBoolean();
        assertEquals(positiveDefinite, model.positiveDefinite());
        assertEquals(
                positiveDefinite ? d : d - 1, model.rank(), "collinear: one column is a combination of the others");
        assertClose(TestData.doubles(ref.get("correlation")), model.correlation(), 1e-12, name + " correlation");
        assertClose(TestData.doubles(ref.get("spearman")), model.spearman(), 1e-12, name + " spearman");
        assertEquals(null, Covariance.model(data, Frames.DOUBLES, false).spearman());
    }

    @Test
    void everyColumnFormGivesTheSameMatrices() {
        Dataset<Row> wine = Frames.withFeatures("wine");
        double[] dense = Covariance.covariance(wine, Frames.DENSE).toArray();
        assertArrayEquals(dense, Covariance.covariance(wine, Frames.SPARSE).toArray());
        assertArrayEquals(dense, Covariance.covariance(wine, Frames.DOUBLES).toArray());
        double[] spearman = Covariance.corr(wine, Frames.DENSE, "spearman").toArray();
        assertArrayEquals(
                spearman, Covariance.corr(wine, Frames.SPARSE, "spearman").toArray());
        Moments.assertCovarianceClose(
                dense,
                Covariance.covariance(wine, Frames.FLOATS).toArray(),
                13,
                1e-6,
                "array<float>: float rounding only");
    }

    @Test
    void aConstantValueHasNaNCorrelations() {
        Dataset<Row> data = Frames.withFeatures("iris")
                .select(org.apache
                        .spark
                        .ml
                        .functions
                        .array_to_vector(org.apache.spark.sql.functions.array(
                                col("sepal_length"), lit(2.0), col("petal_length")))
                        .as("v"));
        double[] pearson = Covariance.corr(data, "v").toArray();
        double[] spearman = Covariance.corr(data, "v", "spearman").toArray();
        for (int j = 0; j < 3; j++) {
            assertTrue(Double.isNaN(pearson[3 + j]) && Double.isNaN(pearson[3 * j + 1]), "pearson " + j);
            assertTrue(Double.isNaN(spearman[3 + j]) && Double.isNaN(spearman[3 * j + 1]), "spearman " + j);
        }
        assertFalse(Double.isNaN(pearson[2]));
        assertEquals(2, Covariance.model(data, "v", false).rank());
    }

    @Test
    void badInputFailsWithAClearMessage() {
        Dataset<Row> iris = Frames.withFeatures("iris");
        var method = assertThrows(IllegalArgumentException.class, () -> Covariance.corr(iris, Frames.DENSE, "kendall"));
        assertTrue(
                method.getMessage().contains("method must be pearson or spearman, got 'kendall'"), method.getMessage());
        var type = assertThrows(IllegalArgumentException.class, () -> Covariance.covariance(iris, "species"));
        assertTrue(type.getMessage().contains("column 'species' must hold a vector"), type.getMessage());
        var missing = assertThrows(IllegalArgumentException.class, () -> Covariance.covariance(iris, "nope"));
        assertTrue(missing.getMessage().contains("no column 'nope'"), missing.getMessage());

        Dataset<Row> withNull = iris.withColumn(
                Frames.DENSE, when(col("sepal_length").equalTo(5.0), lit(null)).otherwise(col(Frames.DENSE)));
        Exception e = assertThrows(Exception.class, () -> Covariance.covariance(withNull, Frames.DENSE));
        assertTrue(
                rootMessage(e).contains("column 'features' has the value null: need finite numbers"), rootMessage(e));

        StructType schema = new StructType().add("v", SQLDataTypes.VectorType());
        Dataset<Row> oneRow =
                SparkTestSession.get().createDataFrame(List.of(RowFactory.create(Vectors.dense(1, 2))), schema);
        var few = assertThrows(IllegalStateException.class, () -> Covariance.covariance(oneRow, "v"));
        assertTrue(few.getMessage().contains("needs at least 2 rows, have 1"), few.getMessage());
    }
}

package dev.mvstat.spark;

import dev.mvstat.mahalanobis.MahalanobisModel;
import dev.mvstat.mahalanobis.Regularization;
import dev.mvstat.testing.SparkTestSession;
import dev.mvstat.testing.TestData;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scoring RDDs and Datasets against one model and against per-group models. */
class DistributedMahalanobisTest {

    private static final SparkSession SPARK = SparkTestSession.get();
    private static final List<String> IRIS = List.of("sepal_length", "sepal_width", "petal_length", "petal_width");

    private static Dataset<Row> iris() {
        return SPARK.read()
                .option("header", "true")
                .option("inferSchema", "true")
                .csv(TestData.csvFile("iris").toString())
                .repartition(3);
    }

    @Test
    void rddScoresMatchTheReferenceInRowOrderAcrossPartitions() {
        JavaRDD<double[]> rows = DistributedCovarianceTest.rdd("iris", 7);
        MahalanobisModel model = DistributedMahalanobis.fit(rows, IRIS, Regularization.none());
        List<Double> d2 = DistributedMahalanobis.squaredDistances(rows, model).collect();
        double[] expected = TestData.doubles(TestData.reference("iris").get("mahalanobis_sq"));
        assertEquals(expected.length, d2.size());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], d2.get(i), 1e-10 * expected[i], "row " + i);
        }
    }

    @Test
    void ledoitWolfThroughTheDistributedFitMatchesScikitLearn() {
        JavaRDD<double[]> rows = DistributedCovarianceTest.rdd("wine", 4).cache();
        MahalanobisModel model = DistributedMahalanobis.fit(
                rows, DistributedCovarianceTest.columns(TestData.reference("wine")), Regularization.ledoitWolf());
        double expected =
                TestData.reference("wine").get("ledoit_wolf").get("shrinkage").asDouble();
        assertEquals(expected, model.intensity(), 1e-10 * expected);
        rows.unpersist();
    }

    @Test
    void datasetScoresAppendDistancePValueAndOutlierFlag() {
        Dataset<Row> data = iris();
        MahalanobisModel model = DistributedMahalanobis.fit(DatasetRows.of(data, IRIS), IRIS, Regularization.none());
        // the model's columns are found by name, whatever their order in the Dataset
        Dataset<Row> reordered = data.select("species", "petal_width", "sepal_length", "petal_length", "sepal_width");
        List<Row> scored = DistributedMahalanobis.score(reordered, model, 0.975).collectAsList();
        assertEquals(150, scored.size());
        assertEquals(
                List.of(
                        "species",
                        "petal_width",
                        "sepal_length",
                        "petal_length",
                        "sepal_width",
                        "mahalanobis_sq",
                        "p_value",
                        "is_outlier"),
                List.of(scored.get(0).schema().fieldNames()));
        double threshold = 11.143286781877796; // chi2.ppf(0.975, 4)
        for (Row r : scored) {
            double d2 = r.getDouble(5);
            assertTrue(d2 >= 0);
            assertEquals(d2 > threshold, r.getBoolean(7), "d2 " + d2);
            assertEquals(Math.exp(-d2 / 2) * (1 + d2 / 2), r.getDouble(6), 1e-14, "chi-square(4) tail");
        }
    }

    @Test
    void perGroupModelsScoreEachRowAgainstItsOwnGroup() {
        Dataset<Row> data = iris();
        Map<String, MahalanobisModel> models = new HashMap<>();
        for (String species : List.of("setosa", "versicolor", "virginica")) {
            Dataset<Row> group = data.filter(functions.col("species").equalTo(species));
            models.put(species, DistributedMahalanobis.fit(DatasetRows.of(group, IRIS), IRIS, Regularization.none()));
        }
        List<Row> scored = DistributedMahalanobis.scoreByGroup(data, "species", models, 0.975)
                .collectAsList();
        assertEquals(150, scored.size());
        for (String species : models.keySet()) {
            // on its own training rows each group's mean d^2 is d (n - 1) / n = 4 * 49 / 50
            double mean = scored.stream()
                    .filter(r -> r.getString(4).equals(species))
                    .mapToDouble(r -> r.getDouble(5))
                    .average()
                    .orElseThrow();
            assertEquals(4 * 49 / 50.0, mean, 1e-12, species);
        }
        Map<String, MahalanobisModel> partial = Map.of("setosa", models.get("setosa"));
        Exception e = assertThrows(
                Exception.class,
                () -> DistributedMahalanobis.scoreByGroup(data, "species", partial, 0.975)
                        .count());
        assertTrue(String.valueOf(e.getMessage()).contains("no model for group '"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class, () -> DistributedMahalanobis.score(data, models.get("setosa"), 1.0));
    }
}

package dev.mvstat.spark;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mvstat.gaussian.FitSettings;
import dev.mvstat.gaussian.GaussianFit;
import dev.mvstat.gaussian.GaussianFitter;
import dev.mvstat.gaussian.InMemoryBatches;
import dev.mvstat.gaussian.TraceStep;
import dev.mvstat.optimize.OptimizerKind;
import dev.mvstat.testing.SparkTestSession;
import dev.mvstat.testing.TestData;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.mvstat.testing.Close.assertCloseRelative;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Spark fit: the same steps as the in-memory fitter, and the reference answers. */
class DistributedGaussianFitTest {

    private static final SparkSession SPARK = SparkTestSession.get();

    @Test
    void sameTraceAsTheInMemoryFitOverTheSamePartitions() {
        List<double[]> rows = TestData.rows("blobs3");
        FitSettings settings =
                FitSettings.defaults(OptimizerKind.ADAM).withBatchSize(500).withSeed(7);
        GaussianFit spark = DistributedGaussianFit.fit(DistributedCovarianceTest.rdd("blobs3", 3), settings);
        int[] oneGroup = new int[rows.size()];
        GaussianFit local = GaussianFitter.fit(InMemoryBatches.of(rows, oneGroup, 1, 3, 7), settings);
        assertEquals(local.trace().size(), spark.trace().size());
        for (int i = 0; i < local.trace().size(); i++) {
            TraceStep a = local.trace().get(i);
            TraceStep b = spark.trace().get(i);
            assertEquals(a.batchNll(), b.batchNll(), 0, "step " + a.step());
            assertEquals(a.fullNll(), b.fullNll(), 0, "step " + a.step());
        }
        assertTrue(spark.converged());
        assertEquals(
                TestData.reference("blobs3").get("gaussian_mle").get("mean_nll").asDouble(),
                spark.groups().get(0).meanNll(),
                1e-6);
    }

    @Test
    void irisBySpeciesFromADatasetEqualsTheReference() {
        Dataset<Row> iris = SPARK.read()
                .option("header", true)
                .option("inferSchema", true)
                .csv(TestData.csvFile("iris").toString());
        List<String> columns = List.of("sepal_length", "sepal_width", "petal_length", "petal_width");
        DistributedGaussianFit.KeyedFit fit =
                DistributedGaussianFit.fit(iris, columns, "species", FitSettings.defaults(OptimizerKind.LBFGS));
        assertEquals(List.of("setosa", "versicolor", "virginica"), fit.keys());
        JsonNode bySpecies = TestData.reference("iris").get("gaussian_mle_by_species");
        for (int g = 0; g < 3; g++) {
            JsonNode ref = bySpecies.get(fit.keys().get(g));
            GaussianFit.Group group = fit.fit().groups().get(g);
            assertEquals(50, group.count());
            assertEquals(Double.parseDouble(ref.get("mean_nll").asText()), group.meanNll(), 1e-6);
            assertCloseRelative(
                    TestData.doubles(ref.get("covariance")), group.model().covariance(), 1e-3, "covariance");
            assertCloseRelative(TestData.doubles(ref.get("mean")), group.model().mean(), 1e-6, "mean");
        }
    }

    @Test
    void tooFewRowsInAGroupIsAnError() {
        Dataset<Row> iris = SPARK.read()
                .option("header", true)
                .option("inferSchema", true)
                .csv(TestData.csvFile("iris").toString())
                .limit(51);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> DistributedGaussianFit.fit(
                        iris,
                        List.of("sepal_length", "sepal_width"),
                        "species",
                        FitSettings.defaults(OptimizerKind.ADAM)));
        assertTrue(e.getMessage().contains("needs at least"), e.getMessage());
    }
}

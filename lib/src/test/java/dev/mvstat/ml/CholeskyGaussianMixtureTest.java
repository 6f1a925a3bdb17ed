package dev.mvstat.ml;

import dev.mvstat.testing.Frames;
import dev.mvstat.testing.TestData;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mixture estimator and model: scikit-learn's likelihood, the assignments, saving and loading. */
class CholeskyGaussianMixtureTest {

    /** scikit-learn's {@code GaussianMixture} (full covariances, EM, best of 10 starts) on iris with K = 3. */
    private static final double SKLEARN_IRIS_K3 = TestData.reference("mixtures")
            .path("datasets")
            .path("iris")
            .path("fits")
            .path("3")
            .path("mean_log_likelihood")
            .asDouble();

    /**
     * In a pipeline after a {@code VectorAssembler}, saved and loaded: the likelihood of
     * scikit-learn's fit or better, and every row assigned to its most probable component, with
     * probabilities summing to 1 and log-densities averaging to the mean log-likelihood.
     */
    @Test
    void pipelineFitsSavesLoadsAndAssignsEveryRow(@TempDir Path dir) throws Exception {
        Dataset<Row> iris = Frames.csv("iris");
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
            new VectorAssembler().setInputCols(Frames.numericColumns(iris)).setOutputCol("features"),
            new CholeskyGaussianMixture().setK(3).setStarts(10).setSeed(1)
        });
        String path = dir.resolve("pipeline").toString();
        pipeline.fit(iris).write().overwrite().save(path);
        PipelineModel loaded = PipelineModel.load(path);
        CholeskyGaussianMixtureModel model = (CholeskyGaussianMixtureModel) loaded.stages()[1];
        assertTrue(
                model.meanLogLikelihood() >= SKLEARN_IRIS_K3 - 1e-3,
                "mean log-likelihood " + model.meanLogLikelihood());
        assertTrue(model.converged());
        assertEquals(150, model.count());
        double weightSum = 0;
        for (double w : model.weights().toArray()) {
            weightSum += w;
        }
        assertEquals(1, weightSum, 1e-12);

        List<Row> rows = loaded.transform(iris)
                .select("prediction", "probability", "log_density")
                .collectAsList();
        assertEquals(150, rows.size());
        double logDensitySum = 0;
        for (Row r : rows) {
            double[] p = ((Vector) r.get(1)).toArray();
            double sum = 0;
            int best = 0;
            for (int k = 0; k < p.length; k++) {
                sum += p[k];
                best = p[k] > p[best] ? k : best;
            }
            assertEquals(1, sum, 1e-12);
            assertEquals(best, r.getInt(0));
            logDensitySum += r.getDouble(2);
        }
        assertEquals(model.meanLogLikelihood(), logDensitySum / 150, 1e-9);
    }

    @Test
    void saveLoadIsBitIdentical(@TempDir Path dir) throws Exception {
        Dataset<Row> iris = Frames.csv("iris");
        CholeskyGaussianMixtureModel model = new CholeskyGaussianMixture()
                .setInputCols(Frames.numericColumns(iris))
                .setK(2)
                .setOptimizer("lbfgs")
                .setPredictionCol("cluster")
                .fit(iris);
        String path = dir.resolve("model").toString();
        model.write().save(path);
        CholeskyGaussianMixtureModel loaded = CholeskyGaussianMixtureModel.load(path);
        assertEquals(model.uid(), loaded.uid());
        assertEquals("cluster", loaded.getPredictionCol());
        assertEquals(2, loaded.getK());
        assertEquals("lbfgs", loaded.getOptimizer());
        assertArrayEquals(model.mixture().parameters(), loaded.mixture().parameters());
        assertEquals(model.meanLogLikelihood(), loaded.meanLogLikelihood());
        assertEquals(
                model.transform(iris).collectAsList(), loaded.transform(iris).collectAsList());
        CholeskyGaussianMixture estimator =
                new CholeskyGaussianMixture().setK(4).setCovarianceFloor(1e-4);
        estimator.write().save(dir.resolve("estimator").toString());
        CholeskyGaussianMixture reloaded =
                CholeskyGaussianMixture.load(dir.resolve("estimator").toString());
        assertEquals(4, reloaded.getK());
        assertEquals(1e-4, reloaded.getCovarianceFloor());
    }

    @Test
    void badParamsAndInputsAreRejected() {
        IllegalArgumentException k =
                assertThrows(IllegalArgumentException.class, () -> new CholeskyGaussianMixture().setK(0));
        assertTrue(k.getMessage().contains("k = 0 is not allowed"), k.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CholeskyGaussianMixture().setCovarianceFloor(-1));
        assertThrows(IllegalArgumentException.class, () -> new CholeskyGaussianMixture().setStarts(0));
        Dataset<Row> iris = Frames.csv("iris").limit(12);
        IllegalArgumentException tooFew = assertThrows(
                IllegalArgumentException.class,
                () -> new CholeskyGaussianMixture()
                        .setInputCols(Frames.numericColumns(iris))
                        .setK(3)
                        .fit(iris));
        assertTrue(tooFew.getMessage().contains("at least K (d + 1) = 15 rows"), tooFew.getMessage());
        IllegalArgumentException exists = assertThrows(
                IllegalArgumentException.class,
                () -> new CholeskyGaussianMixture()
                        .setInputCols(Frames.numericColumns(iris))
                        .setPredictionCol("species")
                        .fit(iris));
        assertTrue(exists.getMessage().contains("'species' already exists"), exists.getMessage());
    }
}

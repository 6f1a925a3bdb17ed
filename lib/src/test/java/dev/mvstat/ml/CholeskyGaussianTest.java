package dev.mvstat.ml;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mvstat.gaussian.FitSettings;
import dev.mvstat.optimize.OptimizerKind;
import dev.mvstat.testing.Frames;
import dev.mvstat.testing.SparkTestSession;
import dev.mvstat.testing.TestData;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.stat.distribution.MultivariateGaussian;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;

import static dev.mvstat.testing.Close.assertCloseRelative;
import static dev.mvstat.testing.Failures.rootMessage;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Gaussian estimator and model against the numpy maximum-likelihood Gaussian of the reference
 * files. With tolerance t, a converged fit has whitened residuals z with {@code |mean z| <= t} and
 * {@code |I - mean z z^T|_F <= t}; writing the fit as (mu, L L^T), the MLE is then
 * {@code mu* = mu + L delta} and {@code S* = L (I - E - delta delta^T) L^T} with {@code |delta|, |E|_F <= t}, so
 * {@code |mu*_i - mu_i| <= t sigma_i} and {@code |S*_ij - S_ij| <= t (1 + t) sigma_i sigma_j} (sigma from the
 * fit's diagonal), and the log-density of a row with squared distance q differs by at most
 * {@code t (sqrt(d) + 2 sqrt(q) + q) / 2} to first order. The assertions use these bounds plus
 * rounding ({@value #ROUNDING} relative), and the log-densities of the pipeline's fits 1e-10.
 */
class CholeskyGaussianTest {

    /** Relative rounding allowed on top of the bounds the tolerance implies. */
    private static final double ROUNDING = 1e-12;
    /** The tolerance of the grouped iris fit. */
    private static final double GROUPED_TOL = 1e-9;

    private static CholeskyGaussian tight(double tol) {
        return new CholeskyGaussian().setOptimizer("lbfgs").setTol(tol);
    }

    /**
     * At tolerance 1e-11 every row's log-density is within 1e-10 of the reference Gaussian's. Such
     * a fit needs steps whose NLL decrease, about t^2 / 2, is far below the NLL's rounding: L-BFGS
     * accepts them on the slope (approximate Wolfe conditions).
     */
    @ParameterizedTest
    @CsvSource({"iris, 1e-11", "wine, 1e-11", "blobs3, 1e-11"})
    void pipelineFitsSavesLoadsAndMatchesTheMaximumLikelihoodGaussian(String name, double tol, @TempDir Path dir)
            throws Exception {
        Dataset<Row> data = Frames.csv(name);
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
            new VectorAssembler().setInputCols(Frames.numericColumns(data)).setOutputCol("features"), tight(tol)
        });
        String path = dir.resolve("pipeline").toString();
        pipeline.fit(data).write().overwrite().save(path);
        PipelineModel loaded = PipelineModel.load(path);
        CholeskyGaussianModel model = (CholeskyGaussianModel) loaded.stages()[1];

        JsonNode mle = TestData.reference(name).get("gaussian_mle");
        assertTrue(model.converged(), name + " converged");
        assertTrue(model.stationarity() <= tol, name + " stationarity " + model.stationarity());
        assertEquals(TestData.reference(name).get("count").asLong(), model.count());
        assertMatchesMle(mle, model.mean().toArray(), model.covariance().toArray(), model.meanNll(), tol, name);

        Dataset<Row> scored = loaded.transform(data);
        assertEquals(data.columns().length + 2, scored.columns().length, "input columns kept, features and one added");
        double[] logDensity = Frames.doubles(scored, "log_density");
        List<double[]> rows = TestData.rows(name);
        ReferenceDensity reference =
                new ReferenceDensity(TestData.doubles(mle.get("mean")), TestData.doubles(mle.get("covariance")));
        for (int r = 0; r < rows.size(); r++) {
            assertEquals(reference.logDensity(rows.get(r)), logDensity[r], 1e-10, name + " log-density of row " + r);
        }
    }

    /** Mean and covariance within the bounds the tolerance implies; the mean NLL is the optimum's, up to t^2 / 2. */
    private static void assertMatchesMle(
            JsonNode mle, double[] mean, double[] covariance, double meanNll, double tol, String what) {
        double[] expectedMean = TestData.doubles(mle.get("mean"));
        double[] expectedCovariance = TestData.doubles(mle.get("covariance"));
        int d = mean.length;
        for (int i = 0; i < d; i++) {
            double sigmaI = Math.sqrt(covariance[i * d + i]);
            assertEquals(
                    expectedMean[i],
                    mean[i],
                    (tol + ROUNDING) * sigmaI + ROUNDING * Math.abs(expectedMean[i]),
                    what + " mean[" + i + "]");
            for (int j = 0; j < d; j++) {
                double scale = sigmaI * Math.sqrt(covariance[j * d + j]);
                assertEquals(
                        expectedCovariance[i * d + j],
                        covariance[i * d + j],
                        (tol * (1 + tol) + ROUNDING) * scale,
                        what + " covariance[" + i + "][" + j + "]");
            }
        }
        double expectedNll = Double.parseDouble(mle.get("mean_nll").asText());
        assertEquals(
                expectedNll,
                meanNll,
                tol * tol / 2 + ROUNDING * Math.max(1, Math.abs(expectedNll)),
                what + " mean NLL");
    }

    /**
     * The log-density of a Gaussian evaluated independently of the Cholesky path: MLlib's
     * eigendecomposition-based {@link MultivariateGaussian} on the correlation matrix (well scaled
     * whatever the columns' units), and the log-Jacobian of the standardization.
     */
    private record ReferenceDensity(double[] mean, double[] sigma, MultivariateGaussian correlated) {

        ReferenceDensity(double[] mean, double[] covariance) {
            this(mean, sigmas(covariance, mean.length), correlation(covariance, mean.length));
        }

        private static double[] sigmas(double[] covariance, int d) {
            double[] sigma = new double[d];
            for (int i = 0; i < d; i++) {
                sigma[i] = Math.sqrt(covariance[i * d + i]);
            }
            return sigma;
        }

        private static MultivariateGaussian correlation(double[] covariance, int d) {
            double[] sigma = sigmas(covariance, d);
            double[] r = new double[d * d];
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    r[i * d + j] = covariance[i * d + j] / (sigma[i] * sigma[j]);
                }
            }
            return new MultivariateGaussian(Vectors.zeros(d), new DenseMatrix(d, d, r));
        }

        private Vector standardized(double[] x) {
            double[] y = new double[x.length];
            for (int j = 0; j < x.length; j++) {
                y[j] = (x[j] - mean[j]) / sigma[j];
            }
            return Vectors.dense(y);
        }

        double logDensity(double[] x) {
            double logJacobian = 0;
            for (double s : sigma) {
                logJacobian += Math.log(s);
            }
            return correlated.logpdf(standardized(x)) - logJacobian;
        }
    }

    @Test
    void groupedIrisMatchesTheMleBySpeciesAndAnUnseenGroupGetsNull() {
        Dataset<Row> iris = Frames.withFeatures("iris");
        CholeskyGaussianModel model = tight(GROUPED_TOL).setGroupCol("species").fit(iris);
        assertEquals(List.of("setosa", "versicolor", "virginica"), model.groups());
        JsonNode bySpecies = TestData.reference("iris").get("gaussian_mle_by_species");
        for (String species : model.groups()) {
            assertEquals(50, model.count(species));
            assertTrue(model.converged(species), species);
            assertMatchesMle(
                    bySpecies.get(species),
                    model.mean(species).toArray(),
                    model.covariance(species).toArray(),
                    model.meanNll(species),
                    GROUPED_TOL,
                    species);
        }
        assertTrue(model.converged());
        assertThrows(IllegalStateException.class, model::mean);
        var unknown = assertThrows(IllegalArgumentException.class, () -> model.mean("unseen"));
        assertTrue(unknown.getMessage().contains("no Gaussian for group 'unseen'"), unknown.getMessage());

        Dataset<Row> renamed = iris.withColumn(
                "species", when(col("species").equalTo("setosa"), lit("unseen")).otherwise(col("species")));
        List<Row> scored = model.transform(renamed)
                .select("species", Frames.DENSE, "log_density")
                .collectAsList();
        assertEquals(150, scored.size());
        for (Row row : scored) {
            String species = row.getString(0);
            if (species.equals("unseen")) {
                assertTrue(row.isNullAt(2), "a row whose group has no Gaussian gets null");
            } else {
                double expected = model.gaussian(species).logDensity(((Vector) row.get(1)).toArray());
                assertEquals(expected, row.getDouble(2), 1e-12 * Math.abs(expected), species);
            }
        }
    }

    @Test
    void everyFeaturesFormGivesTheSameFit() {
        Dataset<Row> data = Frames.withFeatures("wine");
        CholeskyGaussianModel dense = fitWith(new CholeskyGaussian().setFeaturesCol(Frames.DENSE), data);
        for (CholeskyGaussian same : List.of(
                new CholeskyGaussian().setFeaturesCol(Frames.SPARSE),
                new CholeskyGaussian().setFeaturesCol(Frames.DOUBLES),
                new CholeskyGaussian().setInputCols(Frames.numericColumns(Frames.csv("wine"))))) {
            CholeskyGaussianModel model = fitWith(same, data);
            assertArrayEquals(dense.mean().toArray(), model.mean().toArray());
            assertArrayEquals(dense.cholesky().toArray(), model.cholesky().toArray());
            assertEquals(dense.meanNll(), model.meanNll());
        }
        // float input rounds each value by up to 6e-8 of itself, wine's largest (proline, ~1e3) being
        // about 3 standard deviations from its mean: the fit moves by well under 1e-5 of its scale
        CholeskyGaussianModel floats = fitWith(new CholeskyGaussian().setFeaturesCol(Frames.FLOATS), data);
        assertCloseRelative(dense.mean().toArray(), floats.mean().toArray(), 1e-6, "float input mean");
        assertCloseRelative(
                dense.covariance().toArray(), floats.covariance().toArray(), 1e-5, "float input covariance");
    }

    private static CholeskyGaussianModel fitWith(CholeskyGaussian estimator, Dataset<Row> data) {
        CholeskyGaussianModel model = estimator.setOptimizer("lbfgs").fit(data);
        assertTrue(model.converged());
        return model;
    }

    @Test
    void saveLoadIsBitIdenticalAndDamagedFilesAreRejectedNamingThePath(@TempDir Path dir) throws Exception {
        Dataset<Row> iris = Frames.withFeatures("iris");
        CholeskyGaussianModel model = new CholeskyGaussian()
                .setGroupCol("species")
                .setOptimizer("adam")
                .setMaxEpochs(3)
                .setSeed(5)
                .setLogDensityCol("lp")
                .fit(iris);
        assertFalse(model.converged(), "three epochs of Adam do not reach the tolerance");
        assertEquals(3, model.epochs());

        String path = dir.resolve("model").toString();
        model.write().save(path);
        CholeskyGaussianModel loaded = CholeskyGaussianModel.load(path);
        assertEquals(model.uid(), loaded.uid());
        assertEquals("species", loaded.getGroupCol());
        assertEquals("lp", loaded.getLogDensityCol());
        assertEquals(3, loaded.getMaxEpochs());
        assertEquals(5, loaded.getSeed());
        assertEquals(model.groups(), loaded.groups());
        assertEquals(model.epochs(), loaded.epochs());
        assertFalse(loaded.converged());
        for (String g : model.groups()) {
            assertArrayEquals(model.cholesky(g).toArray(), loaded.cholesky(g).toArray());
            assertArrayEquals(model.mean(g).toArray(), loaded.mean(g).toArray());
            assertEquals(model.meanNll(g), loaded.meanNll(g));
            assertEquals(model.stationarity(g), loaded.stationarity(g));
            assertEquals(model.iterations(g), loaded.iterations(g));
            assertEquals(model.count(g), loaded.count(g));
        }
        assertEquals(
                model.transform(iris).collectAsList(), loaded.transform(iris).collectAsList());

        SavedModelChecks.assertSpoiledCopiesAreRejected(model, CholeskyGaussianModel::load, dir.resolve("spoiled"));
    }

    @Test
    void estimatorParamsSaveAndLoad(@TempDir Path dir) throws Exception {
        CholeskyGaussian estimator = new CholeskyGaussian()
                .setGroupCol("species")
                .setOptimizer("sgd")
                .setBatchSize(64);
        String path = dir.resolve("estimator").toString();
        estimator.write().save(path);
        CholeskyGaussian loaded = CholeskyGaussian.load(path);
        assertEquals(estimator.uid(), loaded.uid());
        assertEquals("species", loaded.getGroupCol());
        assertEquals(64, loaded.getBatchSize());
        assertFalse(loaded.isSet(loaded.learningRate()), "an unset learning rate stays unset");
        assertEquals(OptimizerKind.SGD.defaultLearningRate(), loaded.getLearningRate());
        assertEquals(estimator.fitSettings(), loaded.fitSettings());
    }

    @Test
    void invalidRowsFailNamingColumnAndValueOrAreSkippedAndCounted() {
        Dataset<Row> data = Frames.csv("iris")
                .withColumn(
                        "petal_width",
                        when(col("sepal_length").equalTo(5.1), lit(Double.NaN)).otherwise(col("petal_width")));
        String[] columns = {"sepal_length", "sepal_width", "petal_length", "petal_width"};
        Exception e = assertThrows(
                Exception.class,
                () -> new CholeskyGaussian().setInputCols(columns).fit(data));
        assertTrue(rootMessage(e).contains("column 'petal_width' has the value NaN"), rootMessage(e));

        long bad = data.filter(col("sepal_length").equalTo(5.1)).count();
        CholeskyGaussianModel model = new CholeskyGaussian()
                .setOptimizer("lbfgs")
                .setInputCols(columns)
                .setHandleInvalid("skip")
                .fit(data);
        assertEquals(150 - bad, model.count());
        assertEquals(bad, model.skippedCount());
        assertEquals(150 - bad, model.transform(data).count());

        CholeskyGaussianModel grouped = new CholeskyGaussian()
                .setOptimizer("lbfgs")
                .setInputCols(columns)
                .setGroupCol("species")
                .setHandleInvalid("skip")
                .fit(data);
        assertEquals(
                150 - bad, grouped.groups().stream().mapToLong(grouped::count).sum());
        assertEquals(bad, grouped.skippedCount(), "each skipped row counted once");
    }

    @Test
    void defaultsAreTheJobsAndBadParamsFailWithClearMessages() {
        CholeskyGaussian defaults = new CholeskyGaussian();
        assertEquals(FitSettings.defaults(OptimizerKind.NATURAL), defaults.fitSettings());
        assertEquals(
                FitSettings.defaults(OptimizerKind.LBFGS),
                defaults.setOptimizer("lbfgs").fitSettings());
        assertEquals("", defaults.getGroupCol());
        assertEquals("log_density", defaults.getLogDensityCol());

        var optimizer =
                assertThrows(IllegalArgumentException.class, () -> new CholeskyGaussian().setOptimizer("newton"));
        assertTrue(
                optimizer.getMessage().contains("optimizer = newton")
                        && optimizer.getMessage().contains("adam, sgd, lbfgs"),
                optimizer.getMessage());
        var epochs = assertThrows(IllegalArgumentException.class, () -> new CholeskyGaussian().setMaxEpochs(0));
        assertTrue(
                epochs.getMessage().contains("maxEpochs = 0")
                        && epochs.getMessage().contains("at least 1"),
                epochs.getMessage());
        var tol = assertThrows(IllegalArgumentException.class, () -> new CholeskyGaussian().setTol(-1e-6));
        assertTrue(
                tol.getMessage().contains("tol = -1.0E-6") && tol.getMessage().contains("positive"), tol.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CholeskyGaussian().setLearningRate(0));
        assertThrows(IllegalArgumentException.class, () -> new CholeskyGaussian().setBatchSize(-1));

        Dataset<Row> iris = Frames.withFeatures("iris");
        var batch = assertThrows(
                IllegalArgumentException.class,
                () -> new CholeskyGaussian().setBatchSize(151).fit(iris));
        assertTrue(batch.getMessage().contains("batch size 151 is larger than the data, 150 rows"), batch.getMessage());
        var tooFew = assertThrows(
                IllegalArgumentException.class,
                () -> new CholeskyGaussian().setGroupCol("species").fit(iris.limit(53)));
        assertTrue(tooFew.getMessage().contains("needs at least 5"), tooFew.getMessage());
        var noGroup = assertThrows(
                IllegalArgumentException.class,
                () -> new CholeskyGaussian().setGroupCol("kind").fit(iris));
        assertTrue(noGroup.getMessage().contains("no group column 'kind'"), noGroup.getMessage());
        CholeskyGaussianModel ungrouped =
                new CholeskyGaussian().setOptimizer("lbfgs").fit(iris);
        var grouping = assertThrows(
                IllegalArgumentException.class,
                () -> ungrouped.setGroupCol("species").transform(iris));
        assertTrue(grouping.getMessage().contains("one Gaussian for all rows"), grouping.getMessage());
    }

    static {
        SparkTestSession.get();
    }
}

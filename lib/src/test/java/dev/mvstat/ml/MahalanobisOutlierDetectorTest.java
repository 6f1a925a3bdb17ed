package dev.mvstat.ml;

import dev.mvstat.mahalanobis.SingularCovarianceException;
import dev.mvstat.testing.Frames;
import dev.mvstat.testing.SparkTestSession;
import dev.mvstat.testing.TestData;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

import static dev.mvstat.testing.Close.assertCloseRelative;
import static dev.mvstat.testing.Failures.rootMessage;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MahalanobisOutlierDetectorTest {

    @ParameterizedTest
    @ValueSource(strings = {"iris", "wine", "blobs3"})
    void pipelineFitsSavesLoadsAndScoresAsTheReference(String name, @TempDir Path dir) throws Exception {
        Dataset<Row> data = Frames.csv(name);
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
            new VectorAssembler().setInputCols(Frames.numericColumns(data)).setOutputCol("features"),
            new MahalanobisOutlierDetector()
        });
        PipelineModel fitted = pipeline.fit(data);
        String path = dir.resolve("pipeline").toString();
        fitted.write().overwrite().save(path);
        Dataset<Row> scored = PipelineModel.load(path).transform(data);

        var reference = TestData.reference(name);
        assertCloseRelative(
                TestData.doubles(reference.get("mahalanobis_sq")),
                Frames.doubles(scored, "mahalanobis_sq"),
                1e-10,
                name + " squared distances");
        assertCloseRelative(
                TestData.doubles(reference.get("p_value")),
                Frames.doubles(scored, "p_value"),
                1e-10,
                name + " p-values");
        assertEquals(
                data.columns().length + 4, scored.columns().length, "input columns kept, features and three added");
    }

    @Test
    void everyFeaturesFormGivesTheSameScores() {
        Dataset<Row> data = Frames.withFeatures("wine");
        double[] dense = scores(new MahalanobisOutlierDetector().setFeaturesCol(Frames.DENSE), data);
        assertArrayEquals(dense, scores(new MahalanobisOutlierDetector().setFeaturesCol(Frames.SPARSE), data));
        assertArrayEquals(dense, scores(new MahalanobisOutlierDetector().setFeaturesCol(Frames.DOUBLES), data));
        assertArrayEquals(
                dense,
                scores(new MahalanobisOutlierDetector().setInputCols(Frames.numericColumns(Frames.csv("wine"))), data));
        assertCloseRelative(
                dense,
                scores(new MahalanobisOutlierDetector().setFeaturesCol(Frames.FLOATS), data),
                1e-4,
                "float input");
    }

    private static double[] scores(MahalanobisOutlierDetector detector, Dataset<Row> data) {
        return Frames.doubles(detector.fit(data).transform(data), "mahalanobis_sq");
    }

    @Test
    void modelExposesItsFitAndSaveLoadIsBitIdentical(@TempDir Path dir) throws Exception {
        Dataset<Row> data = Frames.withFeatures("iris");
        MahalanobisOutlierModel model = new MahalanobisOutlierDetector()
                .setRegularization("ledoit-wolf")
                .setAlpha(0.99)
                .setDistanceCol("d2")
                .fit(data);
        var reference = TestData.reference("iris").get("ledoit_wolf");
        assertEquals(reference.get("shrinkage").asDouble(), model.shrinkage(), 1e-12);
        assertCloseRelative(
                TestData.doubles(reference.get("covariance")),
                model.covariance().toArray(),
                1e-12,
                "shrunk covariance");
        double[] l = model.cholesky().toArray();
        assertEquals(0.0, l[4], "upper entries of the factor are zero (column-major (0, 1))");
        assertEquals(4, model.mean().size());
        assertEquals(150, model.count());
        assertEquals(new dev.mvstat.mahalanobis.ChiSquared(4).quantile(0.99), model.threshold());

        String path = dir.resolve("model").toString();
        model.write().overwrite().save(path);
        MahalanobisOutlierModel loaded = MahalanobisOutlierModel.load(path);
        assertEquals(model.uid(), loaded.uid());
        assertEquals("d2", loaded.getDistanceCol());
        assertEquals(0.99, loaded.getAlpha());
        assertEquals(
                model.transform(data).collectAsList(), loaded.transform(data).collectAsList());
        SavedModelChecks.assertSpoiledCopiesAreRejected(model, MahalanobisOutlierModel::load, dir.resolve("spoiled"));
    }

    @Test
    void singularCovarianceFailsWithRankAndCollinearColumns() {
        Dataset<Row> data = Frames.csv("collinear");
        var e = assertThrows(
                SingularCovarianceException.class,
                () -> new MahalanobisOutlierDetector()
                        .setInputCols("u", "v", "w")
                        .fit(data));
        assertTrue(e.getMessage().contains("numerical rank 2"), e.getMessage());
        assertEquals(2, e.rank);
        assertEquals(List.of("u", "v", "w"), e.collinearColumns);
        new MahalanobisOutlierDetector()
                .setInputCols("u", "v", "w")
                .setRegularization("ridge:0.01")
                .fit(data);
    }

    @Test
    void invalidRowsFailNamingColumnAndValueOrAreSkipped() {
        Dataset<Row> data = Frames.csv("iris")
                .withColumn(
                        "petal_width",
                        when(col("sepal_length").equalTo(5.1), lit(Double.NaN)).otherwise(col("petal_width")));
        String[] columns = {"sepal_length", "sepal_width", "petal_length", "petal_width"};
        Exception e = assertThrows(
                Exception.class,
                () -> new MahalanobisOutlierDetector().setInputCols(columns).fit(data));
        assertTrue(rootMessage(e).contains("column 'petal_width' has the value NaN"), rootMessage(e));

        long bad = data.filter(col("sepal_length").equalTo(5.1)).count();
        MahalanobisOutlierModel model = new MahalanobisOutlierDetector()
                .setInputCols(columns)
                .setHandleInvalid("skip")
                .fit(data);
        assertEquals(150 - bad, model.count());
        assertEquals(bad, model.skippedCount());
        assertEquals(150 - bad, model.transform(data).count());
        Exception scoring = assertThrows(
                Exception.class,
                () -> model.setHandleInvalid("error").transform(data).collect());
        assertTrue(rootMessage(scoring).contains("has the value NaN"), rootMessage(scoring));
    }

    @Test
    void aVectorOfAnotherLengthFailsNamingBothLengths() {
        Dataset<Row> iris = Frames.withFeatures("iris");
        MahalanobisOutlierModel model =
                new MahalanobisOutlierDetector().setFeaturesCol(Frames.DOUBLES).fit(iris);
        Dataset<Row> shorter =
                iris.withColumn(Frames.DOUBLES, org.apache.spark.sql.functions.slice(col(Frames.DOUBLES), 1, 3));
        Exception e =
                assertThrows(Exception.class, () -> model.transform(shorter).collect());
        assertTrue(rootMessage(e).contains("column 'doubles' holds a value of length 3, expected 4"), rootMessage(e));
    }

    @Test
    void schemaChecksInputTypeAndOutputNames() {
        Dataset<Row> iris = Frames.csv("iris");
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> new MahalanobisOutlierDetector().setFeaturesCol("species").transformSchema(iris.schema()));
        assertTrue(e.getMessage().contains("column 'species' must hold a vector"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> new MahalanobisOutlierDetector()
                        .setInputCols("sepal_length")
                        .setDistanceCol("species")
                        .transformSchema(iris.schema()));
        assertThrows(IllegalArgumentException.class, () -> new MahalanobisOutlierDetector().setRegularization("huge"));
        assertThrows(IllegalArgumentException.class, () -> new MahalanobisOutlierDetector().setAlpha(1.0));
        assertEquals("none", new MahalanobisOutlierDetector().getRegularization());
    }

    static {
        SparkTestSession.get();
    }
}

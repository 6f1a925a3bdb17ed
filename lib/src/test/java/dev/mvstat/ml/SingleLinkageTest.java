package dev.mvstat.ml;

import dev.mvstat.hdbscan.BruteForceHdbscan;
import dev.mvstat.linkage.Metric;
import dev.mvstat.testing.Frames;
import dev.mvstat.testing.SparkTestSession;
import dev.mvstat.testing.TestData;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static dev.mvstat.testing.Close.assertCloseRelative;
import static dev.mvstat.testing.Failures.rootMessage;
import static dev.mvstat.testing.Partitions.assertSamePartition;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SingleLinkageTest {

    @ParameterizedTest
    @CsvSource({"iris, euclidean", "wine, euclidean", "blobs3, euclidean", "iris, mahalanobis", "wine, mahalanobis"})
    void pipelineFitsSavesLoadsAndMatchesScipy(String name, String metric, @TempDir Path dir) throws Exception {
        Dataset<Row> data = Frames.csv(name);
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
            new VectorAssembler().setInputCols(Frames.numericColumns(data)).setOutputCol("features"),
            new SingleLinkage().setMetric(metric).setK(3)
        });
        String path = dir.resolve("pipeline").toString();
        pipeline.fit(data).write().overwrite().save(path);
        PipelineModel loaded = PipelineModel.load(path);
        SingleLinkageModel model = (SingleLinkageModel) loaded.stages()[1];
        Dataset<Row> clustered = loaded.transform(data);

        // scipy computed the reference from the sample covariance, unregularized, for mahalanobis
        assertSameLinkage(
                TestData.doubles(TestData.reference(name).get("linkage_single_" + metric)),
                linkageMatrix(model),
                name + " " + metric);
        int[] labels = clusters(clustered);
        assertArrayEquals(model.dendrogram().clustersOf(3), labels, "the training rows get the cluster job's labels");
        assertArrayEquals(model.labels(), labels);
        if (metric.equals("euclidean")) {
            assertSamePartition(
                    Arrays.stream(TestData.doubles(TestData.reference(name).get("labels_k3")))
                            .mapToInt(x -> (int) x)
                            .toArray(),
                    labels);
        }
        assertEquals(3, model.numClusters());
        assertEquals(data.count(), model.count());
        assertEquals(model.count(), Arrays.stream(model.clusterSizes()).sum());
        for (int c = 1; c <= 3; c++) {
            int cluster = c;
            assertEquals(
                    model.clusterSizes()[c - 1],
                    Arrays.stream(labels).filter(l -> l == cluster).count());
        }
        assertEquals(data.columns().length + 2, clustered.columns().length, "input columns kept, features and cluster");
    }

    /**
     * Merge distances within 1e-10 of the largest, and the same flat clusters after every group of
     * merges at one distance: scipy may order the merges of a tie otherwise.
     */
    private static void assertSameLinkage(double[] expected, double[] actual, String what) {
        double[] distances = column(expected, 2);
        assertCloseRelative(distances, column(actual, 2), 1e-10, what + " merge distances");
        double tolerance = 1e-10 * distances[distances.length - 1];
        int n = distances.length + 1;
        int groups = 0;
        for (int i = 0; i < distances.length; i++) {
            if (i == distances.length - 1 || distances[i + 1] - distances[i] > tolerance) {
                assertSamePartition(labelsAfter(expected, n, i + 1), labelsAfter(actual, n, i + 1));
                groups++;
            }
        }
        assertTrue(groups > 1, what + ": merges at more than one distance");
    }

    /** @return each observation's cluster after the first {@code merges} merges of a linkage matrix */
    private static int[] labelsAfter(double[] linkage, int n, int merges) {
        int[] parent = IntStream.range(0, 2 * n - 1).toArray();
        for (int i = 0; i < merges; i++) {
            parent[(int) linkage[4 * i]] = n + i;
            parent[(int) linkage[4 * i + 1]] = n + i;
        }
        int[] labels = new int[n];
        for (int p = 0; p < n; p++) {
            int c = p;
            while (parent[c] != c) {
                c = parent[c];
            }
            labels[p] = c;
        }
        return labels;
    }

    private static double[] linkageMatrix(SingleLinkageModel model) {
        return model.linkage().collectAsList().stream()
                .flatMapToDouble(
                        r -> Arrays.stream(new double[] {r.getLong(0), r.getLong(1), r.getDouble(2), r.getLong(3)}))
                .toArray();
    }

    private static double[] column(double[] matrix, int j) {
        return IntStream.range(0, matrix.length / 4)
                .mapToDouble(i -> matrix[4 * i + j])
                .toArray();
    }

    private static int[] clusters(Dataset<Row> rows) {
        return rows.select(col("cluster")).collectAsList().stream()
                .mapToInt(r -> r.getInt(0))
                .toArray();
    }

    @Test
    void everyFeaturesFormGivesTheSameLinkageAndLabels() {
        Dataset<Row> data = Frames.withFeatures("iris");
        SingleLinkageModel dense =
                new SingleLinkage().setFeaturesCol(Frames.DENSE).setK(3).fit(data);
        double[] distances = column(linkageMatrix(dense), 2);
        int[] labels = clusters(dense.transform(data));
        for (SingleLinkage same : List.of(
                new SingleLinkage().setFeaturesCol(Frames.SPARSE),
                new SingleLinkage().setFeaturesCol(Frames.DOUBLES),
                new SingleLinkage().setInputCols(Frames.numericColumns(Frames.csv("iris"))))) {
            SingleLinkageModel model = same.setK(3).fit(data);
            assertArrayEquals(distances, column(linkageMatrix(model), 2), "bitwise equal merge distances");
            assertArrayEquals(labels, clusters(model.transform(data)));
        }
        SingleLinkageModel floats =
                new SingleLinkage().setFeaturesCol(Frames.FLOATS).setK(3).fit(data);
        assertCloseRelative(distances, column(linkageMatrix(floats), 2), 1e-6, "merge distances of float input");
        assertArrayEquals(labels, clusters(floats.transform(data)));
    }

    @Test
    void saveLoadIsBitIdenticalAndDamagedSavesAreRejectedNamingThePath(@TempDir Path dir) throws Exception {
        Dataset<Row> data = Frames.withFeatures("iris");
        SingleLinkage estimator = new SingleLinkage()
                .setMetric("mahalanobis")
                .setRegularization("oas")
                .setDistanceThreshold(0.8)
                .setPredictionCol("group");
        String estimatorPath = dir.resolve("estimator").toString();
        estimator.write().save(estimatorPath);
        SingleLinkage loadedEstimator = SingleLinkage.load(estimatorPath);
        assertEquals("oas", loadedEstimator.getRegularization());
        assertEquals(0.8, loadedEstimator.getDistanceThreshold());
        assertFalse(loadedEstimator.isSet(loadedEstimator.k()));

        SingleLinkageModel model = loadedEstimator.fit(data);
        String path = dir.resolve("model").toString();
        model.write().save(path);
        SingleLinkageModel loaded = SingleLinkageModel.load(path);
        assertEquals(model.uid(), loaded.uid());
        assertEquals("mahalanobis", loaded.getMetric());
        assertEquals("group", loaded.getPredictionCol());
        assertEquals(model.linkage().collectAsList(), loaded.linkage().collectAsList());
        assertArrayEquals(model.labels(), loaded.labels());
        assertEquals(model.cutHeight(), loaded.cutHeight());
        Dataset<Row> shifted = data.withColumn(
                "doubles", org.apache.spark.sql.functions.transform(col("doubles"), x -> x.multiply(1.1)));
        assertEquals(
                model.setFeaturesCol("doubles").transform(shifted).collectAsList(),
                loaded.setFeaturesCol("doubles").transform(shifted).collectAsList());
        int[] moved = clusters(model.transform(shifted), "group");
        assertTrue(
                IntStream.of(moved).anyMatch(c -> c == -1)
                        && IntStream.of(moved).anyMatch(c -> c > 0),
                "scaled rows: some within the threshold of a training row, some beyond: " + Arrays.toString(moved));

        SavedModelChecks.assertSpoiledCopiesAreRejected(model, SingleLinkageModel::load, dir.resolve("spoiled"));
    }

    private static int[] clusters(Dataset<Row> rows, String column) {
        return rows.select(col(column)).collectAsList().stream()
                .mapToInt(r -> r.getInt(0))
                .toArray();
    }

    @Test
    void newRowsJoinTheClusterOfTheirNearestTrainingRowWithinTheCutHeight() {
        StructType schema = new StructType().add("x", DataTypes.DoubleType);
        Dataset<Row> train = line(schema, 0, 1, 10, 11);
        Dataset<Row> fresh = line(schema, 1.5, 5, 12, -1, 0.5, 11);
        SingleLinkageModel model = new SingleLinkage().setInputCols("x").fit(train);
        assertEquals(2, model.getK(), "k = 2 unless set");
        assertArrayEquals(new int[] {1, 1, 2, 2}, clusters(model.transform(train)));
        assertEquals(1.0, model.cutHeight(), "the merge that leaves two clusters");
        assertArrayEquals(new int[] {1, -1, 2, 1, 1, 2}, clusters(model.transform(fresh)));

        model.clear(model.k());
        model.setDistanceThreshold(0.5);
        assertArrayEquals(new int[] {1, 2, 3, 4}, model.labels(), "the cut changes without fitting again");
        assertArrayEquals(new long[] {1, 1, 1, 1}, model.clusterSizes());
        assertArrayEquals(
                new int[] {2, -1, -1, -1, 1, 4},
                clusters(model.transform(fresh)),
                "0.5 is as near to 0 as to 1: the first training row wins");

        model.clear(model.distanceThreshold());
        model.setK(4);
        assertEquals(0.0, model.cutHeight(), "k >= n applies no merge");
        assertArrayEquals(new int[] {1, 2, 3, 4}, clusters(model.transform(train)));
        assertArrayEquals(new int[] {-1, -1, -1, -1, -1, 4}, clusters(model.transform(fresh)));
    }

    private static Dataset<Row> line(StructType schema, double... x) {
        return SparkTestSession.get()
                .createDataFrame(
                        Arrays.stream(x).mapToObj(v -> RowFactory.create(v)).toList(), schema);
    }

    @Test
    void aRowNearATrainingRowJoinsItsClusterAndAFarRowNone() {
        Dataset<Row> iris = Frames.withFeatures("iris");
        SingleLinkageModel model = new SingleLinkage().setK(3).fit(iris);
        int[] labels = model.labels();
        StructType schema = new StructType().add("features", SQLDataTypes.VectorType());
        Dataset<Row> fresh = SparkTestSession.get()
                .createDataFrame(
                        List.of(
                                RowFactory.create(Vectors.dense(5.11, 3.49, 1.41, 0.21)),
                                RowFactory.create(Vectors.dense(6.31, 3.29, 6.01, 2.49)),
                                RowFactory.create(Vectors.dense(100, 100, 100, 100))),
                        schema);
        var sc = SparkTestSession.get().sparkContext();
        sc.setJobGroup("single-linkage-transform", "transform only", false);
        Dataset<Row> clustered = model.transform(fresh);
        sc.clearJobGroup();
        assertEquals(
                0,
                sc.statusTracker().getJobIdsForGroup("single-linkage-transform").length,
                "transform starts no Spark job");
        assertArrayEquals(
                new int[] {labels[0], labels[100], -1},
                clusters(clustered),
                "near rows 0 and 100 (5.1,3.5,1.4,0.2 and 6.3,3.3,6.0,2.5), then far from all");
        assertTrue(labels[0] != labels[100]);
    }

    @Test
    void underCosineATrainingRowGetsItsOwnClusterEvenAtThresholdZero() {
        Dataset<Row> iris = Frames.withFeatures("iris");
        SingleLinkageModel model =
                new SingleLinkage().setMetric("cosine").setDistanceThreshold(0).fit(iris);
        assertArrayEquals(model.labels(), clusters(model.transform(iris)));
        assertTrue(model.numClusters() > 100, "nearly every row alone at distance 0");
    }

    @Test
    void invalidRowsFailNamingColumnAndValueOrAreSkipped() {
        Dataset<Row> data = Frames.csv("iris")
                .withColumn(
                        "petal_width",
                        when(col("sepal_length").equalTo(5.1), lit(Double.NaN)).otherwise(col("petal_width")));
        String[] columns = {"sepal_length", "sepal_width", "petal_length", "petal_width"};
        Exception e = assertThrows(
                Exception.class, () -> new SingleLinkage().setInputCols(columns).fit(data));
        assertTrue(rootMessage(e).contains("column 'petal_width' has the value NaN"), rootMessage(e));

        long bad = data.filter(col("sepal_length").equalTo(5.1)).count();
        SingleLinkageModel model = new SingleLinkage()
                .setInputCols(columns)
                .setK(3)
                .setHandleInvalid("skip")
                .fit(data);
        assertEquals(150 - bad, model.count());
        assertEquals(bad, model.skippedCount());
        Dataset<Row> valid = data.filter(not(col("sepal_length").equalTo(5.1)));
        SingleLinkageModel clean =
                new SingleLinkage().setInputCols(columns).setK(3).fit(valid);
        assertEquals(clean.linkage().collectAsList(), model.linkage().collectAsList());
        assertArrayEquals(clean.labels(), clusters(model.transform(data)), "invalid rows left out of the output");
        Exception scoring = assertThrows(
                Exception.class,
                () -> model.setHandleInvalid("error").transform(data).collect());
        assertTrue(rootMessage(scoring).contains("column 'petal_width' has the value NaN"), rootMessage(scoring));
    }

    @Test
    void badParamsFailWithClearMessages() {
        Dataset<Row> iris = Frames.withFeatures("iris");
        var metric = assertThrows(IllegalArgumentException.class, () -> new SingleLinkage().setMetric("chebyshev"));
        assertTrue(metric.getMessage().contains("parameter metric given invalid value chebyshev"), metric.getMessage());
        var k = assertThrows(IllegalArgumentException.class, () -> new SingleLinkage().setK(0));
        assertTrue(k.getMessage().contains("parameter k given invalid value 0"), k.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SingleLinkage().setDistanceThreshold(-1));
        var both = assertThrows(
                IllegalArgumentException.class,
                () -> new SingleLinkage().setK(3).setDistanceThreshold(0.5).fit(iris));
        assertEquals("set k (3) or distanceThreshold (0.5), not both: clear one of them", both.getMessage());
        var regularization = assertThrows(
                IllegalArgumentException.class,
                () -> new SingleLinkage().setRegularization("oas").fit(iris));
        assertEquals(
                "regularization oas applies to metric mahalanobis only, not euclidean", regularization.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SingleLinkage().setRegularization("ridge:-1"));

        SingleLinkageModel model =
                new SingleLinkage().setInputCols("sepal_length", "sepal_width").fit(iris);
        var refit = assertThrows(
                IllegalArgumentException.class,
                () -> model.copy(new ParamMap()).setMetric("manhattan").transform(iris));
        assertEquals(
                "the model was fitted with metric euclidean, not manhattan: fit again to change it",
                refit.getMessage());
        var columns = assertThrows(
                IllegalArgumentException.class,
                () -> model.copy(new ParamMap()).setInputCols("sepal_length").transform(iris));
        assertTrue(columns.getMessage().startsWith("expected 2 inputCols"), columns.getMessage());
        var output = assertThrows(
                IllegalArgumentException.class,
                () -> model.copy(new ParamMap()).setPredictionCol("species").transform(iris));
        assertEquals("output column 'species' already exists", output.getMessage());
        var zero = assertThrows(
                IllegalArgumentException.class,
                () -> new SingleLinkage()
                        .setMetric("cosine")
                        .setInputCols("sepal_length")
                        .fit(iris.withColumn(
                                "sepal_length",
                                when(col("petal_length").equalTo(1.4), lit(0.0)).otherwise(col("sepal_length")))));
        assertTrue(zero.getMessage().contains("is all zeros, and cosine distance is undefined"), zero.getMessage());
    }

    static {
        SparkTestSession.get();
    }

    /** Two Gaussian blobs of 60 rows and 10 rows spread far around them. */
    private static Dataset<Row> blobs() {
        Random random = new Random(5);
        StructType schema = new StructType().add("x", DataTypes.DoubleType).add("y", DataTypes.DoubleType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 130; i++) {
            double angle = i * 0.7;
            rows.add(
                    i < 120
                            ? RowFactory.create((i % 2) * 10 + random.nextGaussian(), random.nextGaussian())
                            : RowFactory.create(5 + 30 * Math.cos(angle), 30 * Math.sin(angle)));
        }
        return SparkTestSession.get().createDataFrame(rows, schema);
    }

    @Test
    void hdbscanLabelsTheTrainingRowsAsTheBruteForceAndPlacesNewRows(@TempDir Path dir) throws Exception {
        Dataset<Row> train = blobs();
        SingleLinkageModel model = new SingleLinkage()
                .setInputCols("x", "y")
                .setMinClusterSize(15)
                .setMinSamples(8)
                .fit(train);
        double[][] rows = train.collectAsList().stream()
                .map(r -> new double[] {r.getDouble(0), r.getDouble(1)})
                .toArray(double[][]::new);
        BruteForceHdbscan.Result expected = BruteForceHdbscan.fit(rows, Metric.EUCLIDEAN, 15, 8, false, 0, false);
        assertArrayEquals(expected.labels(), model.labels());
        assertArrayEquals(expected.probabilities(), model.hdbscan().probabilities(), 0);
        assertArrayEquals(expected.outlierScores(), model.hdbscan().outlierScores(), 0);
        assertArrayEquals(model.labels(), clusters(model.transform(train)), "training rows keep their labels");
        assertEquals(2, model.numClusters());
        assertTrue(IntStream.range(120, 130).allMatch(i -> model.labels()[i] == -1), "the far rows are noise");

        StructType schema = new StructType().add("x", DataTypes.DoubleType).add("y", DataTypes.DoubleType);
        Dataset<Row> fresh = SparkTestSession.get()
                .createDataFrame(
                        List.of(
                                RowFactory.create(0.1, 0.2),
                                RowFactory.create(9.8, -0.1),
                                RowFactory.create(5.0, 40.0)),
                        schema);
        assertArrayEquals(
                new int[] {model.labels()[0], model.labels()[1], -1},
                clusters(model.transform(fresh)),
                "a row at a blob's centre joins it, a far row is noise");

        String path = dir.resolve("model").toString();
        model.write().save(path);
        SingleLinkageModel loaded = SingleLinkageModel.load(path);
        assertArrayEquals(model.labels(), loaded.labels());
        assertEquals(
                model.transform(fresh).collectAsList(), loaded.transform(fresh).collectAsList());

        model.setClusterSelection("leaf").setClusterSelectionEpsilon(0.5);
        assertArrayEquals(
                BruteForceHdbscan.fit(rows, Metric.EUCLIDEAN, 15, 8, true, 0.5, false)
                        .labels(),
                model.labels(),
                "the selection changes without fitting again");
        model.setMinSamples(3);
        assertTrue(rootMessage(assertThrows(Exception.class, () -> model.transform(fresh)))
                .contains("fit again"));
        assertTrue(rootMessage(assertThrows(
                        Exception.class,
                        () -> new SingleLinkage()
                                .setInputCols("x", "y")
                                .setMinClusterSize(15)
                                .setK(3)
                                .fit(train)))
                .contains("not both"));
    }
}

package dev.mvstat.ml;

import dev.mvstat.testing.Frames;
import dev.mvstat.testing.SparkTestSession;
import org.apache.spark.ml.Transformer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every model applied to a file-source stream equals its batch transform bit for bit. */
class StreamingTransformTest {

    @TempDir
    Path dir;

    @Test
    void mahalanobisOutlierModel() throws Exception {
        Dataset<Row> data = Frames.withFeatures("wine");
        assertStreamEqualsBatch(
                new MahalanobisOutlierDetector().setRegularization("oas").fit(data), data);
    }

    @Test
    void singleLinkageModel() throws Exception {
        Dataset<Row> data = Frames.withFeatures("iris");
        assertStreamEqualsBatch(
                new SingleLinkage().setMetric("mahalanobis").setK(3).fit(data), data);
    }

    @Test
    void choleskyGaussianModel() throws Exception {
        Dataset<Row> data = Frames.withFeatures("iris");
        assertStreamEqualsBatch(
                new CholeskyGaussian()
                        .setFeaturesCol(Frames.DOUBLES)
                        .setGroupCol("species")
                        .setOptimizer("lbfgs")
                        .fit(data),
                data);
    }

    /**
     * Writes the rows as Parquet files, streams them through the model with
     * {@code Trigger.AvailableNow} into a memory sink, and compares with the batch transform.
     */
    private void assertStreamEqualsBatch(Transformer model, Dataset<Row> data) throws Exception {
        SparkSession spark = SparkTestSession.get();
        Dataset<Row> rows = data.withColumn("id", monotonically_increasing_id());
        String input = dir.resolve("input").toString();
        rows.repartition(3).write().parquet(input);
        Dataset<Row> stream = spark.readStream()
                .schema(rows.schema())
                .option("maxFilesPerTrigger", 1)
                .parquet(input);
        assertTrue(stream.isStreaming());
        String table = "scored_" + model.uid().replaceAll("\\W", "_");
        StreamingQuery query = model.transform(stream)
                .writeStream()
                .format("memory")
                .queryName(table)
                .option("checkpointLocation", dir.resolve("checkpoint").toString())
                .trigger(Trigger.AvailableNow())
                .start();
        query.awaitTermination();
        List<Row> streamed = spark.table(table).orderBy("id").collectAsList();
        List<Row> batch =
                model.transform(spark.read().parquet(input)).orderBy("id").collectAsList();
        assertEquals(data.count(), streamed.size());
        assertEquals(batch, streamed);
    }
}

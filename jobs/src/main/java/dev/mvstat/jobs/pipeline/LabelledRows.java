package dev.mvstat.jobs.pipeline;

import dev.mvstat.hdbscan.HdbscanClusters;
import dev.mvstat.jobs.cli.JobException;
import dev.mvstat.jobs.input.AddedColumns;
import dev.mvstat.jobs.output.OutputDirectory;
import dev.mvstat.spark.DistributedMahalanobis;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.List;

import static org.apache.spark.sql.functions.col;

/**
 * The input of the pipeline's fit-gaussian stage, {@code DIR/cluster-labelled/rows/} (Parquet):
 * the mahalanobis stage's scores/ (every valid input row as read, with its scores) joined with the
 * cluster stage's labels/ by {@code row_index} (or the id column), in key order, HDBSCAN*'s noise
 * rows left out: they keep their scores but join no Gaussian. Written to a
 * directory of its own, atomically, so that the fit reads a file like any other run of the job
 * and the labelled rows stay for the reader.
 */
public final class LabelledRows {

    /** The directory inside the pipeline's. */
    static final String DIRECTORY = "cluster-labelled";
    /** The table inside it. */
    private static final String TABLE = "rows";

    private LabelledRows() {}

    /** @return the table's path */
    static String path(PipelineSettings settings) {
        return new Path(settings.path(DIRECTORY), TABLE).toString();
    }

    /**
     * Joins the scores and the labels of the upstream stages and writes the table.
     *
     * @throws JobException (input) when the id column does not identify rows
     */
    static void write(SparkSession spark, PipelineSettings settings) {
        String idColumn = settings.input().idColumn();
        String key = idColumn == null ? AddedColumns.ROW_INDEX : idColumn;
        String scoresPath = new Path(settings.path(PipelineStage.MAHALANOBIS.directory()), "scores").toString();
        Dataset<Row> scores = spark.read().parquet(scoresPath);
        Dataset<Row> labels = spark.read()
                .parquet(new Path(settings.path(PipelineStage.CLUSTER.directory()), "labels").toString())
                .where(col(AddedColumns.CLUSTER).notEqual(HdbscanClusters.NOISE));
        if (idColumn != null) {
            requireUnique(labels, key);
        }
        try (OutputDirectory out = OutputDirectory.prepare(
                settings.path(DIRECTORY), true, scoresPath, spark.sparkContext().hadoopConfiguration())) {
            out.writeTable(
                    scores.join(labels, key).orderBy(key),
                    TABLE,
                    "parquet",
                    List.of(DistributedMahalanobis.DISTANCE, DistributedMahalanobis.P_VALUE));
            out.commit();
        }
    }

    /** Rows are joined by the id column: a value on two rows, or none, would pair the wrong rows. */
    private static void requireUnique(Dataset<Row> labels, String idColumn) {
        List<Row> repeated = labels.groupBy(idColumn)
                .count()
                .where(col("count").gt(1).or(col(idColumn).isNull()))
                .limit(1)
                .collectAsList();
        if (!repeated.isEmpty()) {
            throw JobException.input("--id-column '" + idColumn + "' does not identify rows: value "
                    + repeated.get(0).get(0) + " is on " + repeated.get(0).getLong(1)
                    + " rows; the pipeline joins scores and clusters on it");
        }
    }
}

package dev.mvstat.jobs.bench;

import dev.mvstat.jobs.input.InputData;
import dev.mvstat.jobs.input.InputSource;
import dev.mvstat.spark.InputColumns;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.linalg.distributed.RowMatrix;
import org.apache.spark.mllib.stat.Statistics;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench covariance --scenario parquet|csv}: the covariance job end to end on a file of the
 * generated rows (read, covariance and Pearson correlation, write) against what an MLlib user
 * writes on the same file (Spark's read, VectorAssembler, {@code RowMatrix.computeCovariance} and
 * {@code Statistics.corr}, both matrices written as text); then the job's read alone against
 * Spark's read of the same columns summed in one aggregate.
 */
final class FileCovarianceBench {

    private FileCovarianceBench() {}

    static void run(BenchJob.Setup s, GeneratedFile file) {
        List<String> names = BenchJob.columnNames(s.cols());
        String data = file.write(s, names);
        String out = Path.of(s.workDir(), "bench-out").toString();
        BenchJob.Timing t = BenchJob.alternating(
                s, () -> BenchJob.runJob(s, "covariance", "--input", data, "--output", out, "--overwrite"), () -> {
                    Dataset<Row> assembled = new VectorAssembler()
                            .setInputCols(names.toArray(new String[0]))
                            .setOutputCol("features")
                            .transform(file.sparkRead(s.spark(), data, names));
                    JavaRDD<Vector> vectors = assembled
                            .select("features")
                            .javaRDD()
                            .map(r -> Vectors.fromML((org.apache.spark.ml.linalg.Vector) r.get(0)))
                            .cache();
                    try {
                        var covariance = new RowMatrix(vectors.rdd()).computeCovariance();
                        var correlation = Statistics.corr(vectors.rdd());
                        BenchJob.writeText(
                                Path.of(s.workDir(), "baseline-covariance.txt"),
                                covariance.toString(Integer.MAX_VALUE, Integer.MAX_VALUE));
                        BenchJob.writeText(
                                Path.of(s.workDir(), "baseline-correlation.txt"),
                                correlation.toString(Integer.MAX_VALUE, Integer.MAX_VALUE));
                        return covariance;
                    } finally {
                        vectors.unpersist(true);
                    }
                });
        BenchJob.report(
                file.formatName() + " " + s.rows() + " x " + s.cols()
                        + ", end to end (read, covariance + Pearson, write)",
                s.rows(),
                s.cols(),
                t,
                file.sparkReadDescription() + " + VectorAssembler + RowMatrix.computeCovariance + Statistics.corr");
        readAlone(s, file, data, names);
    }

    /**
     * Prints the job's read (open, parse and validate every row, no statistics) against Spark's own
     * read of the same columns summed in one aggregate, on the same file.
     */
    private static void readAlone(BenchJob.Setup s, GeneratedFile file, String data, List<String> names) {
        InputData.Request request = new InputData.Request(data, file.formatName(), List.of(), null, null, false, ',');
        Column[] sums =
                names.stream().map(n -> functions.sum(InputColumns.quoted(n))).toArray(Column[]::new);
        BenchJob.Timing t = BenchJob.alternating(
                s,
                () -> InputSource.open(s.spark(), request, null).pass(JavaRDD::count, n -> n),
                () -> file.sparkRead(s.spark(), data, names)
                        .agg(sums[0], Arrays.copyOfRange(sums, 1, sums.length))
                        .first());
        System.out.printf(
                Locale.ROOT,
                "read alone: this project's open, parse and validate %.3f s; Spark's %s and sum "
                        + "of the same columns %.3f s; ratio %.2f%n",
                t.ours(),
                file.sparkReadDescription(),
                t.baseline(),
                t.ours() / t.baseline());
    }
}

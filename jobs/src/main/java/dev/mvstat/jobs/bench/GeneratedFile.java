package dev.mvstat.jobs.bench;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The generated rows as a file of double columns x0, x1, ..., in the format a scenario reads: written
 * once per run, then read by the jobs and by Spark as its users read that format.
 */
enum GeneratedFile {
    PARQUET,
    CSV;

    /** @return the format's name, as {@code --format} and Spark's readers spell it; also the file extension */
    String formatName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Writes the generated {@code --rows} x {@code --cols} rows under the work directory, a CSV
     * file with a header line, and returns the path.
     */
    String write(BenchJob.Setup s, List<String> names) {
        String path = Path.of(s.workDir(), "bench-" + s.rows() + "x" + s.cols() + "." + formatName())
                .toString();
        JavaRDD<Row> rows = BenchJob.generate(s, s.rows(), s.cols())
                .map(r -> RowFactory.create(Arrays.stream(r).boxed().toArray()));
        s.spark()
                .createDataFrame(rows, doubles(names))
                .write()
                .mode("overwrite")
                .format(formatName())
                .option("header", "true")
                .save(path);
        return path;
    }

    /**
     * Spark's read of the file as a user writes it: Parquet with its stored schema, CSV with its
     * header and a schema of doubles.
     */
    Dataset<Row> sparkRead(SparkSession spark, String path, List<String> names) {
        return switch (this) {
            case PARQUET -> spark.read().parquet(path);
            case CSV ->
                spark.read().option("header", "true").schema(doubles(names)).csv(path);
        };
    }

    /** @return how {@link #sparkRead} reads, for the printed lines */
    String sparkReadDescription() {
        return switch (this) {
            case PARQUET -> "Parquet read";
            case CSV -> "CSV read with a schema of doubles";
        };
    }

    private static StructType doubles(List<String> names) {
        return DataTypes.createStructType(names.stream()
                .map(n -> DataTypes.createStructField(n, DataTypes.DoubleType, false))
                .toList());
    }
}

package dev.mvstat.ml.persist;

import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.DefaultParamsReader.Metadata;
import org.apache.spark.ml.util.MLReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;

/**
 * Loads what {@link ModelWriter} saved: checks the metadata names the expected class and the
 * state its format and version, rebuilds the model from the state, then sets its params.
 *
 * @param <M> the model
 */
public final class ModelReader<M extends Params> extends MLReader<M> {

    private final Class<M> type;
    private final String format;
    private final int version;
    private final BiFunction<String, ModelData, M> restore;

    /**
     * @param type    the model's class
     * @param format  the state's format name
     * @param version the state's version
     * @param restore builds the model from its uid and state; throws IllegalArgumentException on
     *                inconsistent state
     */
    public ModelReader(Class<M> type, String format, int version, BiFunction<String, ModelData, M> restore) {
        this.type = type;
        this.format = format;
        this.version = version;
        this.restore = restore;
    }

    /**
     * @throws IllegalArgumentException naming the path and what is wrong: missing or corrupt
     *                                  metadata, another class, unknown version, corrupt state
     */
    @Override
    public M load(String path) {
        Metadata metadata;
        try {
            metadata = DefaultParamsReader$.MODULE$.loadMetadata(path, sparkSession(), type.getName());
        } catch (Exception e) { // Scala code throws checked exceptions too: Jackson's parse errors
            throw new IllegalArgumentException(path + ": cannot read the model's metadata: " + e.getMessage(), e);
        }
        Path file = new Path(path, ModelWriter.DATA);
        M model;
        try {
            model = restore.apply(metadata.uid(), ModelData.parse(read(file), format, version));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        try {
            metadata.getAndSetParams(model, scala.Option.empty());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(path + ": invalid params in the model's metadata: " + e.getMessage(), e);
        }
        return model;
    }

    private String read(Path file) {
        try {
            FileSystem fs = file.getFileSystem(sc().hadoopConfiguration());
            if (!fs.exists(file)) {
                throw new IllegalArgumentException("missing: not a saved " + type.getSimpleName());
            }
            try (FSDataInputStream in = fs.open(file)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}

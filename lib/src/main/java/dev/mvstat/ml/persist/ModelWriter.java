package dev.mvstat.ml.persist;

import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.MLWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Saves a model as Spark ML does: {@code metadata/} holds the class, uid and params
 * ({@code DefaultParamsWriter}'s format, which {@code PipelineModel.load} reads), and
 * {@value #DATA} the fitted state, a {@link ModelData} with its format and version.
 */
public final class ModelWriter extends MLWriter {

    /** The fitted state's file, relative to the model's directory. */
    public static final String DATA = "data/model.json";

    private final Params instance;
    private final ModelData data;

    /**
     * @param instance the model
     * @param data     its fitted state
     */
    public ModelWriter(Params instance, ModelData data) {
        this.instance = instance;
        this.data = data;
    }

    @Override
    public void saveImpl(String path) {
        DefaultParamsWriter$.MODULE$.saveMetadata(instance, path, sparkSession());
        Path file = new Path(path, DATA);
        try {
            FileSystem fs = file.getFileSystem(sc().hadoopConfiguration());
            try (FSDataOutputStream out = fs.create(file, true)) {
                out.write(data.json().getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}

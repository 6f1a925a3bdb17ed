package dev.mvstat.jobs.output;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.mvstat.jobs.cli.JobException;
import dev.mvstat.moments.CovarianceModel;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.BufferedInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * model.json, the covariance job's model that later jobs read: format {@value #FORMAT}, version
 * {@value #VERSION}. The matrices are in it up to {@value CovarianceFiles#TEXT_MAX_COLUMNS}
 * columns; a wider model's field {@value #COVARIANCE_FILE} names instead the .npy file of its
 * covariance beside it. Reading validates every field it uses, with "expected X, actual Y" messages.
 */
public final class ModelFile {

    /** The {@code format} field. */
    static final String FORMAT = "mvstat.covariance";
    /** The {@code version} field. */
    static final int VERSION = 1;
    /** The field naming a wide model's covariance file, relative to model.json's directory. */
    static final String COVARIANCE_FILE = "covariance_file";
    /** Bytes buffered while reading a covariance file. */
    private static final int BUFFER = 1 << 20;

    private ModelFile() {}

    /** @return the model.json object of a model */
    public static Model toJson(CovarianceModel model) {
        int d = model.dimension();
        boolean asText = CovarianceFiles.asText(d);
        return new Model(
                FORMAT,
                VERSION,
                model.columns(),
                model.count(),
                Json.vector(model.mean()),
                asText ? Json.matrix(model.covariance(), d) : null,
                asText ? Json.matrix(model.correlation(), d) : null,
                asText && model.spearman() != null ? Json.matrix(model.spearman(), d) : null,
                asText ? null : CovarianceFiles.npy("covariance"),
                model.positiveDefinite(),
                model.rank(),
                Arrays.stream(model.dependentColumns())
                        .mapToObj(model.columns()::get)
                        .toList(),
                Json.vector(model.eigenvalues()));
    }

    /**
     * model.json. The matrices are null (left out) for a model wider than
     * {@value CovarianceFiles#TEXT_MAX_COLUMNS} columns, which names its covariance file instead.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Model(
            String format,
            int version,
            List<String> columns,
            long count,
            List<Double> mean,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<List<Double>> covariance,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<List<Double>> correlation,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<List<Double>> spearman,
            @JsonInclude(JsonInclude.Include.NON_NULL) String covarianceFile,
            boolean positiveDefinite,
            int rank,
            List<String> dependentColumns,
            List<Double> eigenvalues) {}

    /**
     * Reads a model: columns, count, mean and covariance (from model.json or the file it names);
     * the rest is derived again.
     *
     * @param path a model.json file (any Hadoop file system), or a covariance job's output directory
     * @throws JobException (input) when the file is missing, not JSON, of another format or
     *                      version, or has a missing or non-finite value
     */
    public static CovarianceModel read(String path, Configuration hadoop) {
        Path p = new Path(path);
        FileSystem fs;
        JsonNode root;
        try {
            fs = p.getFileSystem(hadoop);
            if (fs.exists(p) && fs.getFileStatus(p).isDirectory()) {
                p = new Path(p, "model.json");
            }
            if (!fs.exists(p)) {
                throw JobException.input("model file not found: " + p);
            }
            try (InputStream in = fs.open(p)) {
                root = new ObjectMapper().readTree(in);
            }
        } catch (IOException e) {
            throw JobException.input("model file " + path + " is not valid JSON: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw JobException.input("model file " + path + ": expected a JSON object");
        }
        String format = root.path("format").asText("");
        if (!format.equals(FORMAT)) {
            throw JobException.input(
                    "model file " + path + ": expected format '" + FORMAT + "', actual '" + format + "'");
        }
        if (root.path("version").asInt(-1) != VERSION || !root.path("version").isIntegralNumber()) {
            throw JobException.input(
                    "model file " + path + ": expected version " + VERSION + ", actual " + root.path("version"));
        }
        JsonNode columnsNode = root.path("columns");
        List<String> columns = new ArrayList<>();
        columnsNode.forEach(c -> columns.add(c.asText()));
        int d = columns.size();
        if (!columnsNode.isArray() || d == 0) {
            throw JobException.input("model file " + path + ": expected a non-empty 'columns' array");
        }
        long count = root.path("count").asLong(-1);
        if (count < 2) {
            throw JobException.input(
                    "model file " + path + ": expected 'count' of at least 2, actual " + root.path("count"));
        }
        double[] mean = numbers(root.path("mean"), d, path, "mean");
        double[] covariance = root.has(COVARIANCE_FILE)
                ? covarianceFile(root.path(COVARIANCE_FILE), p, fs, d, path)
                : covarianceRows(root.path("covariance"), d, path);
        return CovarianceModel.of(columns, count, mean, covariance, null);
    }

    private static double[] covarianceRows(JsonNode rows, int d, String path) {
        if (!rows.isArray() || rows.size() != d) {
            throw JobException.input("model file " + path + ": expected 'covariance' of " + d + " rows, actual "
                    + (rows.isArray() ? rows.size() : rows));
        }
        double[] covariance = new double[d * d];
        for (int i = 0; i < d; i++) {
            System.arraycopy(numbers(rows.get(i), d, path, "covariance[" + i + "]"), 0, covariance, i * d, d);
        }
        return covariance;
    }

    /** Reads the .npy file that {@code name} names, relative to the model file {@code model}. */
    private static double[] covarianceFile(JsonNode name, Path model, FileSystem fs, int d, String path) {
        if (!name.isTextual() || name.asText().isEmpty()) {
            throw JobException.input(
                    "model file " + path + ": expected '" + COVARIANCE_FILE + "' to be a file name, actual " + name);
        }
        Path file = new Path(model.getParent(), name.asText());
        double[] covariance;
        try (InputStream in = fs.open(file)) {
            covariance = Npy.read(new BufferedInputStream(in, BUFFER), d);
        } catch (FileNotFoundException e) {
            throw JobException.input("model file " + path + ": covariance file not found: " + file);
        } catch (IOException e) {
            throw JobException.input("model file " + path + ": covariance file " + file + ": " + e.getMessage());
        }
        for (int k = 0; k < covariance.length; k++) {
            if (!Double.isFinite(covariance[k])) {
                throw JobException.input("model file " + path + ": covariance[" + k / d + "][" + k % d + "] in " + file
                        + " is " + covariance[k] + ", expected a finite number");
            }
        }
        return covariance;
    }

    private static double[] numbers(JsonNode node, int d, String path, String what) {
        if (!node.isArray() || node.size() != d) {
            throw JobException.input("model file " + path + ": expected '" + what + "' of " + d + " numbers, actual "
                    + (node.isArray() ? node.size() + " values" : node));
        }
        double[] out = new double[d];
        for (int j = 0; j < d; j++) {
            JsonNode v = node.get(j);
            if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
                throw JobException.input(
                        "model file " + path + ": " + what + "[" + j + "] is " + v + ", expected a finite number");
            }
            out[j] = v.asDouble();
        }
        return out;
    }
}

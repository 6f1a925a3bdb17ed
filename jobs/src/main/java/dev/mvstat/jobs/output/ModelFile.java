package dev.mvstat.jobs.output;

import dev.mvstat.jobs.CovarianceJob;
import dev.mvstat.jobs.cli.JobException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mvstat.moments.CovarianceModel;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * model.json, the covariance job's model that later jobs read: format {@value #FORMAT}, version
 * {@value #VERSION}. Reading validates every field it uses, with "expected X, actual Y" messages.
 */
public final class ModelFile {

    /** The {@code format} field. */
    static final String FORMAT = "mvstat.covariance";
    /** The {@code version} field. */
    static final int VERSION = 1;

    private ModelFile() {
    }

    /** @return the model.json object of a model */
    public static Map<String, Object> toJson(CovarianceModel model) {
        int d = model.dimension();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("version", VERSION);
        m.put("columns", model.columns());
        m.put("count", model.count());
        m.put("mean", Json.vector(model.mean()));
        m.put("covariance", Json.matrix(model.covariance(), d));
        m.put("correlation", Json.matrix(model.correlation(), d));
        if (model.spearman() != null) {
            m.put("spearman", Json.matrix(model.spearman(), d));
        }
        m.put("positive_definite", model.positiveDefinite());
        m.put("rank", model.rank());
        m.put("dependent_columns", CovarianceJob.names(model, model.dependentColumns()));
        m.put("eigenvalues", Json.vector(model.eigenvalues()));
        return m;
    }

    /**
     * Reads a model: columns, count, mean and covariance; the rest is derived again.
     *
     * @param path a model.json file (any Hadoop file system), or a covariance job's output directory
     * @throws JobException (input) when the file is missing, not JSON, of another format or
     *                      version, or has a missing or non-finite value
     */
    public static CovarianceModel read(String path, Configuration hadoop) {
        JsonNode root;
        try {
            Path p = new Path(path);
            FileSystem fs = p.getFileSystem(hadoop);
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
            throw JobException.input("model file " + path + " is not valid JSON: " + e.getMessage().lines().findFirst()
                    .orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw JobException.input("model file " + path + ": expected a JSON object");
        }
        String format = root.path("format").asText("");
        if (!format.equals(FORMAT)) {
            throw JobException.input("model file " + path + ": expected format '" + FORMAT + "', actual '" + format + "'");
        }
        if (root.path("version").asInt(-1) != VERSION || !root.path("version").isIntegralNumber()) {
            throw JobException.input("model file " + path + ": expected version " + VERSION + ", actual "
                    + root.path("version"));
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
            throw JobException.input("model file " + path + ": expected 'count' of at least 2, actual " + root.path("count"));
        }
        double[] mean = numbers(root.path("mean"), d, path, "mean");
        double[] covariance = new double[d * d];
        JsonNode rows = root.path("covariance");
        if (!rows.isArray() || rows.size() != d) {
            throw JobException.input("model file " + path + ": expected 'covariance' of " + d + " rows, actual "
                    + (rows.isArray() ? rows.size() : rows));
        }
        for (int i = 0; i < d; i++) {
            System.arraycopy(numbers(rows.get(i), d, path, "covariance[" + i + "]"), 0, covariance, i * d, d);
        }
        return CovarianceModel.of(columns, count, mean, covariance, null);
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
                throw JobException.input("model file " + path + ": " + what + "[" + j + "] is " + v
                        + ", expected a finite number");
            }
            out[j] = v.asDouble();
        }
        return out;
    }
}

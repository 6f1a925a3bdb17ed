package dev.mvstat.jobs.output;

import dev.mvstat.moments.CovarianceModel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The covariance job's model and matrix files: model.json, each matrix as .npy, and as CSV up to
 * {@value #TEXT_MAX_COLUMNS} columns. A wider model's matrices are in the .npy files only, and
 * model.json names the covariance's ({@link ModelFile}).
 */
public final class CovarianceFiles {

    /** The widest matrix written as text, in a CSV file and in model.json. */
    public static final int TEXT_MAX_COLUMNS = 256;

    private CovarianceFiles() {}

    /** @return whether a d x d matrix is written as text */
    static boolean asText(int d) {
        return d <= TEXT_MAX_COLUMNS;
    }

    /** @return the .npy file of a matrix */
    static String npy(String matrix) {
        return matrix + ".npy";
    }

    /**
     * Writes model.json, covariance, Pearson correlation when asked and Spearman correlation when
     * computed; for a model wider than {@value #TEXT_MAX_COLUMNS} columns, a warning that names the
     * CSV files left out and the .npy files that hold the matrices.
     *
     * @param pearson whether the Pearson correlation was asked for
     * @param warn    takes the warning for summary.json
     */
    public static void write(OutputDirectory out, CovarianceModel model, boolean pearson, Consumer<String> warn) {
        int d = model.dimension();
        out.writeFile("model.json", s -> Json.write(s, ModelFile.toJson(model)));
        // each matrix is copied out of the model only while it is written: 134 MB at 4,096 columns
        Map<String, Supplier<double[]>> matrices = new LinkedHashMap<>();
        matrices.put("covariance", model::covariance);
        if (pearson) {
            matrices.put("correlation", model::correlation);
        }
        double[] spearman = model.spearman();
        if (spearman != null) {
            matrices.put("spearman", () -> spearman);
        }
        matrices.forEach((name, matrix) -> {
            double[] values = matrix.get();
            out.writeFile(npy(name), s -> Npy.write(s, values, d));
            if (asText(d)) {
                out.writeFile(name + ".csv", s -> MatrixCsv.write(s, model.columns(), values));
            }
        });
        if (!asText(d)) {
            List<String> names = List.copyOf(matrices.keySet());
            warn.accept(d + " columns, more than the " + TEXT_MAX_COLUMNS + " written as text: "
                    + String.join(", ", names.stream().map(n -> n + ".csv").toList())
                    + " not written and no matrices in model.json; they are in "
                    + String.join(", ", names.stream().map(CovarianceFiles::npy).toList()));
        }
    }
}

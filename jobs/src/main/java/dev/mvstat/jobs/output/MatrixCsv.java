package dev.mvstat.jobs.output;

import java.util.List;

/** A labelled square matrix as CSV: a header row and a first column of column names. */
public final class MatrixCsv {

    private MatrixCsv() {
    }

    /**
     * @param names  the column names
     * @param matrix row-major d x d; NaN is written as an empty cell
     * @return the CSV text
     */
    public static String format(List<String> names, double[] matrix) {
        int d = names.size();
        StringBuilder out = new StringBuilder("column");
        names.forEach(n -> out.append(',').append(quote(n)));
        out.append('\n');
        for (int i = 0; i < d; i++) {
            out.append(quote(names.get(i)));
            for (int j = 0; j < d; j++) {
                double v = matrix[i * d + j];
                out.append(',').append(Double.isFinite(v) ? Double.toString(v) : "");
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String quote(String name) {
        return name.contains(",") || name.contains("\"") ? '"' + name.replace("\"", "\"\"") + '"' : name;
    }
}

package dev.mvstat.jobs.output;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A labelled square matrix as CSV: a header row and a first column of column names. */
public final class MatrixCsv {

    private MatrixCsv() {}

    /**
     * Writes the CSV text, UTF-8, to {@code out} (which the caller closes).
     *
     * @param names  the column names
     * @param matrix row-major d x d; NaN is written as an empty cell
     */
    public static void write(OutputStream out, List<String> names, double[] matrix) throws IOException {
        int d = names.size();
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        StringBuilder line = new StringBuilder("column");
        names.forEach(n -> line.append(',').append(quote(n)));
        w.append(line.append('\n'));
        for (int i = 0; i < d; i++) {
            line.setLength(0);
            line.append(quote(names.get(i)));
            for (int j = 0; j < d; j++) {
                double v = matrix[i * d + j];
                line.append(',').append(Double.isFinite(v) ? Double.toString(v) : "");
            }
            w.append(line.append('\n'));
        }
        w.flush();
    }

    private static String quote(String name) {
        return name.contains(",") || name.contains("\"") ? '"' + name.replace("\"", "\"\"") + '"' : name;
    }
}

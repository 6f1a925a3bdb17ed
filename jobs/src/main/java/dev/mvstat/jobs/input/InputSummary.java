package dev.mvstat.jobs.input;

import dev.mvstat.jobs.cli.JobException;

import java.util.List;

/**
 * What a job read, for summary.json and reports.
 *
 * @param path     the input path
 * @param format   the input format
 * @param columns  the selected columns
 * @param warnings notes such as skipped columns or rejected rows
 * @param rowsRead rows read
 * @param rowsUsed rows that passed validation
 */
public record InputSummary(
        String path, InputFormat format, List<String> columns, List<String> warnings, long rowsRead, long rowsUsed) {

    public InputSummary {
        columns = List.copyOf(columns);
        warnings = List.copyOf(warnings);
    }

    /**
     * Fails with exit 3 unless at least {@code minimum} rows are valid.
     *
     * @param minimum valid rows the job needs
     * @param what    what needs them, as the message's subject ("a covariance")
     */
    public void requireValidRows(long minimum, String what) {
        requireValidRows(path, rowsUsed, minimum, what);
    }

    /** {@link #requireValidRows(long, String)} of {@code rowsUsed} valid rows of {@code path}. */
    static void requireValidRows(String path, long rowsUsed, long minimum, String what) {
        if (rowsUsed < minimum) {
            throw JobException.input(path + ": " + what + " needs at least " + minimum + " valid row"
                    + (minimum == 1 ? "" : "s") + ", found " + rowsUsed);
        }
    }

    /** @return rows set aside as invalid */
    public long rowsRejected() {
        return rowsRead - rowsUsed;
    }
}

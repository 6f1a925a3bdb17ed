package dev.mvstat.jobs.cli;

import java.util.ArrayList;
import java.util.List;

/** The options every data job shares: its input, how to read it, and its output directory. */
public final class DataOptions {

    public static final OptionSpec INPUT = OptionSpec.text(
                    "input", "PATH", "input file or directory (CSV with a header, Parquet, JSON lines)")
            .asRequired();
    public static final OptionSpec FORMAT = OptionSpec.choice(
            "format", "input format; auto tells it from the extension", "auto", "csv", "parquet", "json");
    public static final OptionSpec DELIMITER = OptionSpec.checked(
            "delimiter",
            "CHAR",
            "field delimiter of CSV input",
            "one character, or \\t or tab for a tab",
            DataOptions::checkDelimiter);
    public static final OptionSpec COLUMNS = OptionSpec.text(
            "columns", "A,B,...", "the numeric columns to use; default: every numeric column the jobs did not add");
    public static final OptionSpec FEATURES_COL =
            OptionSpec.text("features-col", "NAME", "one array or vector column holding each row's values");
    public static final OptionSpec ID_COLUMN =
            OptionSpec.text("id-column", "NAME", "a column identifying rows, kept beside the results, never data");
    public static final OptionSpec ON_INVALID = OptionSpec.choice(
            "on-invalid", "fail on the first invalid row, or skip such rows into rejected/", "fail", "skip");
    public static final OptionSpec OUTPUT = OptionSpec.text(
                    "output", "DIR", "output directory, written whole or not at all")
            .asRequired();
    public static final OptionSpec OVERWRITE = OptionSpec.flag("overwrite", "replace an existing output directory");
    public static final OptionSpec OUTPUT_FORMAT =
            OptionSpec.choice("output-format", "format of the per-row table", "parquet", "csv");

    private static final List<OptionSpec> COMMON =
            List.of(INPUT, FORMAT, DELIMITER, COLUMNS, FEATURES_COL, ID_COLUMN, ON_INVALID, OUTPUT, OVERWRITE);

    private DataOptions() {}

    /** @return the common options, then {@code extra} */
    public static List<OptionSpec> with(OptionSpec... extra) {
        List<OptionSpec> all = new ArrayList<>(COMMON);
        all.addAll(List.of(extra));
        return List.copyOf(all);
    }

    /** @return the delimiter character a {@code --delimiter} value names */
    public static char delimiter(String value) {
        return value.equals("tab") || value.equals("\\t") ? '\t' : value.charAt(0);
    }

    private static void checkDelimiter(String value) {
        if (value.length() != 1 && !value.equals("tab") && !value.equals("\\t")) {
            throw JobException.usage("--delimiter must be one character, or \\t or tab for a tab, got '" + value + "'");
        }
    }
}

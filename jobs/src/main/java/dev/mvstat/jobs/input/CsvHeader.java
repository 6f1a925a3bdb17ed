package dev.mvstat.jobs.input;

import dev.mvstat.jobs.cli.JobException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Checks of a CSV header that Spark's reader would hide (it renames duplicate names). */
public final class CsvHeader {

    private CsvHeader() {}

    /**
     * @throws JobException (input) when the input is empty or its header repeats a column name
     */
    static void check(SparkSession spark, String path, char delimiter) {
        List<Row> first = spark.read().text(path).limit(1).collectAsList();
        if (first.isEmpty() || first.get(0).getString(0).isBlank()) {
            throw JobException.input(path + ": empty file, expected a header line");
        }
        // Spark compares column names without regard to case (spark.sql.caseSensitive=false).
        boolean caseSensitive = Boolean.parseBoolean(spark.conf().get("spark.sql.caseSensitive", "false"));
        Set<String> seen = new HashSet<>();
        for (String name : split(first.get(0).getString(0), delimiter)) {
            if (!seen.add(caseSensitive ? name : name.toLowerCase(Locale.ROOT))) {
                throw JobException.input(path + ": duplicate column name '" + name + "' in the header");
            }
        }
    }

    /**
     * @return the likely delimiter of a header read with {@code delimiter} ',' as one column holding
     *         ';' or a tab, as a hint for an error line ("; the header holds ';': try --delimiter ';'"),
     *         else ""
     */
    static String delimiterHint(List<String> columns, char delimiter) {
        if (delimiter != ',' || columns.size() != 1) {
            return "";
        }
        String header = columns.get(0);
        if (header.contains("\t")) {
            return "; the header holds tabs: try --delimiter tab";
        }
        return header.contains(";") ? "; the header holds ';': try --delimiter ';'" : "";
    }

    /** Splits a CSV line on the delimiter outside double quotes, unquoting the fields (spaces kept, as Spark does). */
    static List<String> split(String line, char delimiter) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == delimiter && !quoted) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}

package dev.mvstat.jobs.output;

import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Row;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Parquet encodings chosen from a sample of the rows. parquet-mr starts every column chunk with
 * dictionary encoding and falls back to plain encoding once the dictionary outgrows its page; for
 * continuous measurements, whose values barely repeat, that attempt is pure cost (3 of 10 seconds
 * writing 1M x 100 doubles here) and saves no space. Such columns are written plain from the start,
 * through parquet-mr's per-column setting {@code parquet.enable.dictionary#<column>}.
 */
public final class ParquetEncoding {

    /** Share of distinct non-null values in the sample above which a column counts as continuous. */
    private static final double DISTINCT_SHARE = 0.9;
    /** Fewer sampled values than this say nothing about a column. */
    private static final int MIN_SAMPLE = 20;

    private ParquetEncoding() {}

    /**
     * @param sample  rows of the data
     * @param columns names of the rows' fields, in order
     * @return the columns whose sampled non-null values are nearly all distinct
     */
    public static List<String> continuousColumns(List<Row> sample, List<String> columns) {
        List<String> continuous = new ArrayList<>();
        for (int j = 0; j < columns.size(); j++) {
            Set<Object> distinct = new HashSet<>();
            int values = 0;
            for (Row row : sample) {
                if (!row.isNullAt(j)) {
                    values++;
                    distinct.add(row.get(j));
                }
            }
            if (values >= MIN_SAMPLE && distinct.size() >= DISTINCT_SHARE * values) {
                continuous.add(columns.get(j));
            }
        }
        return continuous;
    }

    /** @return {@code writer}, set to write {@code columns} without dictionary encoding */
    static DataFrameWriter<Row> plain(DataFrameWriter<Row> writer, Collection<String> columns) {
        for (String column : columns) {
            writer = writer.option("parquet.enable.dictionary#" + column, "false");
        }
        return writer;
    }
}

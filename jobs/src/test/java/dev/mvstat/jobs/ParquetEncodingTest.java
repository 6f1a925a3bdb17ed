package dev.mvstat.jobs;

import dev.mvstat.jobs.output.ParquetEncoding;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ParquetEncodingTest {

    @Test
    void onlyColumnsWithNearlyAllDistinctValuesAreContinuous() {
        List<Row> sample = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            // measured: distinct; label: 3 values; sparse: mostly null; almost: 90 distinct of 100
            sample.add(RowFactory.create(
                    i * 0.37, "class" + i % 3, i < 10 ? (Object) (double) i : null, (double) Math.min(i, 89)));
        }
        assertEquals(
                List.of("measured", "almost"),
                ParquetEncoding.continuousColumns(sample, List.of("measured", "label", "sparse", "almost")));
    }

    @Test
    void aSmallSampleSaysNothing() {
        List<Row> sample = List.of(RowFactory.create(1.0), RowFactory.create(2.0));
        assertEquals(List.of(), ParquetEncoding.continuousColumns(sample, List.of("x")));
    }
}

package dev.mvstat.spark;

import dev.mvstat.testing.Frames;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InputColumnsTest {

    private static final Dataset<Row> NO_ROWS = Frames.withFeatures("iris").limit(0);

    @Test
    void aVectorColumnsAttributesGiveItsWidthWithoutReadingARow() {
        assertEquals(4, InputColumns.of(Frames.DENSE, null, InputColumns.ERROR).dimension(NO_ROWS));
    }

    @Test
    void anArrayColumnsWidthIsItsFirstValidValues() {
        assertEquals(
                4, InputColumns.of(Frames.DOUBLES, null, InputColumns.ERROR).dimension(Frames.withFeatures("iris")));
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> InputColumns.of(Frames.DOUBLES, null, InputColumns.ERROR).dimension(NO_ROWS));
        assertTrue(e.getMessage().contains("column 'doubles' has no valid row"), e.getMessage());
    }

    @Test
    void namedColumnsGiveTheirCount() {
        assertEquals(
                2,
                InputColumns.of("ignored", new String[] {"sepal_length", "petal_width"}, InputColumns.SKIP)
                        .dimension(NO_ROWS));
    }
}

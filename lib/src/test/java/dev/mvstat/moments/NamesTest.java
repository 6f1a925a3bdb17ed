package dev.mvstat.moments;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Column names listed in a message, at most twenty of them. */
class NamesTest {

    @Test
    void listsAFewNamesInFullAndCountsTheRest() {
        List<String> columns = IntStream.range(0, 100).mapToObj(j -> "c" + j).toList();
        assertEquals("[c3, c1]", Names.listed(columns, new int[] {3, 1}));
        String many = Names.listed(columns, IntStream.range(10, 100).toArray());
        assertEquals(
                "[c10, c11, c12, c13, c14, c15, c16, c17, c18, c19, c20, c21, c22, c23, c24, c25, c26, c27, c28, "
                        + "c29, ... and 70 more]",
                many);
        assertEquals("[]", Names.listed(columns, new int[0]));
    }
}

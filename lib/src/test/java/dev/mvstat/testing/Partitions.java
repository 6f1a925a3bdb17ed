package dev.mvstat.testing;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Assertions on flat clusterings. */
public final class Partitions {

    private Partitions() {}

    /** The same partition of the observations, up to renaming the labels one to one. */
    public static void assertSamePartition(int[] expected, int[] actual) {
        assertEquals(expected.length, actual.length, "observations");
        Map<Integer, Integer> forward = new HashMap<>();
        Map<Integer, Integer> backward = new HashMap<>();
        for (int i = 0; i < expected.length; i++) {
            forward.putIfAbsent(expected[i], actual[i]);
            backward.putIfAbsent(actual[i], expected[i]);
            assertEquals(forward.get(expected[i]), actual[i], "observation " + i + ", expected label " + expected[i]);
            assertEquals(backward.get(actual[i]), expected[i], "observation " + i + ", actual label " + actual[i]);
        }
    }
}

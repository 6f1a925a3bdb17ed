package dev.mvstat.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Assertions on arrays of doubles with tolerances. */
public final class Close {

    private Close() {}

    /** Every |actual - expected| at most {@code tolerance}; NaN must match NaN. */
    public static void assertClose(double[] expected, double[] actual, double tolerance, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            boolean bothNaN = Double.isNaN(expected[i]) && Double.isNaN(actual[i]);
            if (!bothNaN && !(Math.abs(expected[i] - actual[i]) <= tolerance)) {
                fail(what + "[" + i + "]: expected " + expected[i] + ", actual " + actual[i] + " (difference "
                        + Math.abs(expected[i] - actual[i]) + " > " + tolerance + ")");
            }
        }
    }

    /** Every entry within {@code relative} times the largest |expected| entry. */
    public static void assertCloseRelative(double[] expected, double[] actual, double relative, String what) {
        double scale = 0;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        assertClose(expected, actual, relative * scale, what);
    }
}

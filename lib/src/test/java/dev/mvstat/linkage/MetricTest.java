package dev.mvstat.linkage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricTest {

    /** n Gaussian rows of dimension d, prepared for the metric. */
    static double[][] randomRows(Metric metric, long seed, int n, int d) {
        Random random = new Random(seed);
        double[][] rows = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                rows[i][k] = random.nextGaussian() * (k + 1);
            }
            rows[i] = metric.prepare(rows[i]);
        }
        return rows;
    }

    @ParameterizedTest
    @EnumSource(Metric.class)
    void axiomsOnRandomPoints(Metric metric) {
        double[][] x = randomRows(metric, 1, 25, 6);
        // A prepared cosine row has norm 1 only up to rounding, so 1 - x.x is a few ulps from 0.
        double self = metric == Metric.COSINE ? 4 * Math.ulp(1.0) : 0;
        for (double[] a : x) {
            assertTrue(metric.distance(a, a) <= self, "distance(x, x)");
            for (double[] b : x) {
                double ab = metric.distance(a, b);
                assertTrue(ab >= 0, "non-negative");
                assertEquals(ab, metric.distance(b, a), "symmetric, bitwise");
                if (metric != Metric.COSINE) {
                    for (double[] c : x) {
                        double viaB = ab + metric.distance(b, c);
                        assertTrue(metric.distance(a, c) <= viaB * (1 + 1e-12), "triangle inequality");
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Metric.class)
    void distancesToEqualsDistanceBitwise(Metric metric) {
        double[][] x = randomRows(metric, 2, 37, 9);
        int[] ids = new int[x.length];
        Arrays.setAll(ids, i -> i);
        double[][] columns = PointBlock.of(ids, x).columns();
        double[] out = new double[x.length];
        for (double[] point : x) {
            Arrays.fill(out, Double.NaN);
            metric.distancesTo(point, columns, 3, 34, out);
            for (int r = 0; r < x.length; r++) {
                double expected = r < 3 || r >= 34 ? Double.NaN : metric.distance(point, x[r]);
                assertEquals(expected, out[r], "row " + r + ", bitwise");
            }
        }
    }

    @Test
    void handCheckedValues() {
        double[] origin = {0, 0};
        assertEquals(5.0, Metric.EUCLIDEAN.distance(origin, new double[] {3, 4}));
        assertEquals(7.0, Metric.MANHATTAN.distance(new double[] {1, -2}, new double[] {4, 2}));
        Metric cosine = Metric.COSINE;
        double[] x = cosine.prepare(new double[] {3, 4});
        assertEquals(1.0, cosine.distance(x, cosine.prepare(new double[] {-8, 6})), 1e-15, "orthogonal");
        assertEquals(0.0, cosine.distance(x, cosine.prepare(new double[] {6, 8})), 1e-15, "parallel");
        assertEquals(2.0, cosine.distance(x, cosine.prepare(new double[] {-3, -4})), 1e-15, "opposite");
    }

    @Test
    void cosinePreparesRowsOfAnyScale() {
        Metric cosine = Metric.COSINE;
        double[] unit = cosine.prepare(new double[] {1, 2, 2});
        assertArrayEquals(new double[] {1.0 / 3, 2.0 / 3, 2.0 / 3}, unit, 1e-16);
        assertArrayEquals(unit, cosine.prepare(new double[] {1e-200, 2e-200, 2e-200}), 1e-16, "squares underflow");
        assertArrayEquals(unit, cosine.prepare(new double[] {1e200, 2e200, 2e200}), 1e-16, "squares overflow");
    }

    @Test
    void cosineOfAnAllZeroRowThrows() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Metric.COSINE.prepare(new double[] {0, 0, 0}));
        assertTrue(e.getMessage().contains("all-zero"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Metric.class)
    void prepareReturnsANewArrayAndLeavesItsArgument(Metric metric) {
        double[] row = {3, -4, 12};
        double[] prepared = metric.prepare(row);
        assertArrayEquals(new double[] {3, -4, 12}, row, 0);
        assertNotSame(row, prepared);
    }

    @Test
    void rowsOfDifferentLengthsThrow() {
        assertThrows(
                IllegalArgumentException.class,
                () -> Metric.EUCLIDEAN.distance(new double[] {1, 2}, new double[] {1, 2, 3}));
    }
}

package dev.mvstat.moments;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CorrelationTest {

    @Test
    void handCheckedWithConstantColumnUndefined() {
        // variances 4 and 9, covariance 3: r = 3 / (2 * 3) = 0.5; the third column is constant.
        double[] cov = {4, 3, 0, 3, 9, 0, 0, 0, 0};
        double[] r = Correlation.fromCovariance(cov, 3);
        assertArrayEquals(new double[] {1, 0.5, 1, 0.5}, new double[] {r[0], r[1], r[4], r[3]}, 1e-15);
        for (int i = 0; i < 3; i++) {
            assertTrue(Double.isNaN(r[i * 3 + 2]) && Double.isNaN(r[2 * 3 + i]), "constant column undefined");
        }
    }

    @Test
    void clipsToUnitIntervalAndDiagonalIsExactlyOne() {
        // Perfectly correlated columns whose rounded covariance slightly exceeds sqrt(var * var).
        double[] cov = {0.1, 0.1 * (1 + 1e-15), 0.1 * (1 + 1e-15), 0.1};
        double[] r = Correlation.fromCovariance(cov, 2);
        assertEquals(1.0, r[1]);
        assertEquals(1.0, r[0]);
        double[] negative =
                Correlation.fromCovariance(new double[] {0.1, -0.1 * (1 + 1e-15), -0.1 * (1 + 1e-15), 0.1}, 2);
        assertEquals(-1.0, negative[1]);
    }
}

package dev.mvstat.gaussian;

import dev.mvstat.testing.TestData;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The log-density: hand-checked cases and agreement with the likelihood of one row. */
class CholeskyGaussianTest {

    @Test
    void logDensityOfAUnivariateNormal() {
        CholeskyGaussian g = CholeskyGaussian.of(new double[] {2}, new double[] {3});
        double expected = -0.5 * Math.log(2 * Math.PI) - Math.log(3) - 0.5;
        assertEquals(expected, g.logDensity(new double[] {5}), 1e-15);
        assertEquals(expected, g.logDensity(new double[] {-1}), 1e-15);
    }

    @Test
    void logDensityOfABivariateNormalByHand() {
        // L = [[2, 0], [1, 3]]: covariance [[4, 2], [2, 10]], determinant 36; x - mean = (2, 3) gives
        // z = (1, 2/3) and (x - mean)^T S^-1 (x - mean) = (10*4 - 2*2*2*3 + 4*9) / 36 = 13/9.
        CholeskyGaussian g = CholeskyGaussian.of(new double[] {1, -1}, new double[] {2, 0, 1, 3});
        double expected = -Math.log(2 * Math.PI) - 0.5 * Math.log(36) - 0.5 * 13 / 9;
        assertEquals(expected, g.logDensity(new double[] {3, 2}), 1e-14);
        assertEquals(expected, g.logDensityOfSquaredDistance(13.0 / 9), 1e-14);
        assertEquals(-Math.log(2 * Math.PI) - 0.5 * Math.log(36), g.logDensity(g.mean()), 1e-15);
    }

    @Test
    void logDensityIsMinusTheNllOfThatOneRow() {
        SplittableRandom random = new SplittableRandom(11);
        double[] p = new double[CholeskyGaussian.parameterCount(4)];
        for (int i = 0; i < p.length; i++) {
            p[i] = random.nextDouble(-0.5, 0.5);
        }
        CholeskyGaussian g = CholeskyGaussian.fromParameters(4, p);
        for (double[] x : TestData.rows("iris")) {
            double nll = g.meanNll(x, new double[16]);
            assertEquals(-nll, g.logDensity(x), 1e-12 * Math.abs(nll));
        }
    }

    @Test
    void aRowOfAnotherLengthIsRejected() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> CholeskyGaussian.standard(3).logDensity(new double[2]));
        assertEquals("expected 3 values, got 2", e.getMessage());
    }
}

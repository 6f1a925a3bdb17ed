package dev.mvstat.mahalanobis;

import dev.mvstat.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ChiSquaredTest {

    @Test
    void closedFormsForTwoAndOneDegreesOfFreedom() {
        // k = 2: P(X > x) = exp(-x/2); k = 1: P(X > x) = erfc(sqrt(x/2)), at x = 1: 0.3173105078629141028...
        for (double x : new double[] {0.01, 0.5, 1, 3, 10, 50, 700}) {
            assertEquals(Math.exp(-x / 2), new ChiSquared(2).upperTail(x), 1e-15 * Math.max(1, Math.exp(-x / 2)));
        }
        assertEquals(0.3173105078629141, new ChiSquared(1).upperTail(1), 1e-15);
        assertEquals(1, new ChiSquared(5).upperTail(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"iris", "wine", "blobs3"})
    void pValuesOfTheReferenceDistancesMatchScipy(String name) {
        var ref = TestData.reference(name);
        double[] d2 = TestData.doubles(ref.get("mahalanobis_sq"));
        double[] p = TestData.doubles(ref.get("p_value"));
        ChiSquared chi = new ChiSquared(ref.get("columns").size());
        for (int i = 0; i < d2.length; i++) {
            assertEquals(p[i], chi.upperTail(d2[i]), 1e-13, name + " row " + i);
        }
    }

    @Test
    void upperTailsOfManyDegreesOfFreedomMatchMpmath() {
        // mpmath.gammainc(k / 2, x / 2, inf, regularized=True) at 40 digits: k, x, P(X > x)
        double[][] cases = {
            {7, 3.5, 0.83522548261034214},
            {7, 6.3, 0.50518894075573248},
            {7, 7, 0.42887985755305472},
            {7, 7.85, 0.34600653481547797},
            {7, 9.1, 0.24555599889667455},
            {7, 16.5, 0.020920910338062747},
            {100, 50, 0.99999304669475238},
            {100, 90, 0.75319796559982973},
            {100, 100, 0.48119168452795672},
            {100, 105.5, 0.33397979350363856},
            {100, 130, 0.023512397809808676},
            {100, 202.5, 6.1378651406434836e-9},
            {101, 50.5, 0.99999371604597083},
            {101, 90.9, 0.75442338130387814},
            {101, 101, 0.48128504536921944},
            {101, 106.55, 0.33349499142514205},
            {101, 131.3, 0.022992895775626604},
            {101, 204.5, 5.2419486016005685e-9},
            {1000, 500, 1.0},
            {1000, 900, 0.98928276190871026},
            {1000, 1000, 0.49405285382923964},
            {1000, 1050.5, 0.13016891845276572},
            {1000, 1300, 3.8897364994868525e-10},
            {1000, 2002.5, 2.2115894593302555e-69},
            {4097, 2048.5, 1.0},
            {4097, 3687.3, 0.99999855817991271},
            {4097, 4097, 0.49706186326254297},
            {4097, 4302.35, 0.012576470484089786},
            {4097, 5326.1, 9.601115523734637e-36},
            {4097, 8196.5, 4.7941451087287444e-276}
        };
        for (double[] c : cases) {
            int k = (int) c[0];
            double tolerance = (k > 101 ? 5e-12 : 1e-13) * c[2];
            assertEquals(c[2], new ChiSquared(k).upperTail(c[1]), tolerance, "k = " + k + ", x = " + c[1]);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 13, 100, 1000})
    void quantileInvertsTheUpperTail(int k) {
        ChiSquared chi = new ChiSquared(k);
        for (double p : new double[] {0.001, 0.5, 0.975, 0.999999}) {
            assertEquals(1 - p, chi.upperTail(chi.quantile(p)), 1e-12);
        }
        // scipy.stats.chi2.ppf(0.975, 4)
        assertEquals(11.143286781877796, new ChiSquared(4).quantile(0.975), 1e-12);
    }

    @Test
    void badArguments() {
        assertThrows(IllegalArgumentException.class, () -> new ChiSquared(0));
        assertThrows(IllegalArgumentException.class, () -> new ChiSquared(3).upperTail(-1));
        assertThrows(IllegalArgumentException.class, () -> new ChiSquared(3).upperTail(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new ChiSquared(3).quantile(1));
    }
}

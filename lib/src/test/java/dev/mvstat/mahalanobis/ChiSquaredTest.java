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

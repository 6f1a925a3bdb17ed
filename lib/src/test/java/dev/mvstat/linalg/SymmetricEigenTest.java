package dev.mvstat.linalg;

import dev.mvstat.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.Random;

import static dev.mvstat.testing.Close.assertCloseRelative;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SymmetricEigenTest {

    @Test
    void handChecked() {
        // [[2, 1], [1, 2]] has eigenvalues 1 and 3; a diagonal matrix its diagonal.
        assertArrayEquals(new double[] {1, 3}, SymmetricEigen.eigenvalues(new double[] {2, 1, 1, 2}, 2), 1e-15);
        assertArrayEquals(
                new double[] {-1, 0, 5}, SymmetricEigen.eigenvalues(new double[] {5, 0, 0, 0, -1, 0, 0, 0, 0}, 3), 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"iris", "wine", "blobs3", "collinear", "offset"})
    void matchesNumpy(String name) {
        var ref = TestData.reference(name);
        double[] cov = TestData.doubles(ref.get("covariance"));
        int d = (int) Math.round(Math.sqrt(cov.length));
        assertCloseRelative(
                TestData.doubles(ref.get("eigenvalues")),
                SymmetricEigen.eigenvalues(cov, d),
                1e-12,
                name + " eigenvalues");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 17, 64, 200, 600})
    void positiveDefiniteMatchesJacobi(int d) {
        assertMatchesJacobi(TestMatrices.semiDefinite(d, d + 3, d), d);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 17, 64, 200})
    void semiDefiniteMatchesJacobi(int d) {
        assertMatchesJacobi(TestMatrices.semiDefinite(d, d / 2, d), d);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 17, 64})
    void indefiniteMatchesJacobi(int d) {
        double[] x = TestMatrices.gaussian(d, d, d);
        double[] a = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                a[i * d + j] = x[i * d + j] + x[j * d + i];
            }
        }
        assertMatchesJacobi(a, d);
    }

    /** A random block and a diagonal one: the rows of the second are already reduced, their reflectors the identity. */
    @Test
    void blockDiagonalMatchesJacobi() {
        int d = 100, half = 50;
        double[] block = TestMatrices.semiDefinite(half, half, 9);
        double[] a = new double[d * d];
        for (int i = 0; i < half; i++) {
            System.arraycopy(block, i * half, a, i * d, half);
            a[(half + i) * d + half + i] = i;
        }
        assertMatchesJacobi(a, d);
    }

    @Test
    void neitherOverflowsNorUnderflowsAtExtremeScales() {
        int d = 30;
        double[] a = TestMatrices.semiDefinite(d, d, 7);
        double[] expected = SymmetricEigen.eigenvalues(a, d);
        for (double scale : new double[] {1e300, 1e-300}) {
            double[] scaled = a.clone();
            double[] expectedScaled = expected.clone();
            for (int i = 0; i < scaled.length; i++) {
                scaled[i] *= scale;
            }
            for (int i = 0; i < d; i++) {
                expectedScaled[i] *= scale;
            }
            assertCloseRelative(expectedScaled, SymmetricEigen.eigenvalues(scaled, d), 1e-12, "scaled by " + scale);
        }
    }

    @Test
    void leavesItsInputAndRejectsAWrongSize() {
        double[] a = TestMatrices.semiDefinite(5, 5, 1);
        double[] copy = a.clone();
        SymmetricEigen.eigenvalues(a, 5);
        assertArrayEquals(copy, a, 0.0);
        assertThrows(IllegalArgumentException.class, () -> SymmetricEigen.eigenvalues(a, 4));
        assertThrows(IllegalArgumentException.class, () -> SymmetricEigen.eigenvalues(new double[0], 65536));
    }

    /**
     * A known spectrum at 1,500 columns: {@code Q diag(lambda) Q^T} for Q a product of three random
     * Householder reflections, so the eigenvalues are lambda up to the rounding of forming it: a
     * tenth of them zero, the rest spread over six decades, one repeated three times.
     */
    @Test
    void aKnownSpectrumAtWideOrder() {
        int d = 1500;
        Random random = new Random(11);
        double[] lambda = new double[d];
        for (int i = 0; i < d; i++) {
            lambda[i] = i % 10 == 0 ? 0 : Math.pow(10, 6 * random.nextDouble() - 3);
        }
        lambda[1] = lambda[2] = lambda[3] = 500;
        double[] a = new double[d * d];
        for (int i = 0; i < d; i++) {
            a[i * d + i] = lambda[i];
        }
        for (int h = 0; h < 3; h++) {
            reflect(a, d, random);
        }
        double[] expected = lambda.clone();
        Arrays.sort(expected);
        for (boolean simd : TestMatrices.KERNELS) {
            double[] actual = SymmetricEigen.eigenvalues(a, d, simd);
            for (int i = 0; i < d; i++) {
                assertEquals(expected[i], actual[i], 1e-12 * expected[d - 1], "eigenvalue " + i + ", SIMD " + simd);
            }
        }
    }

    /** {@code a <- H a H} for {@code H = I - 2 v v^T}, v a random unit vector; a stays exactly symmetric. */
    private static void reflect(double[] a, int d, Random random) {
        double[] v = new double[d];
        double norm = 0;
        for (int i = 0; i < d; i++) {
            v[i] = random.nextGaussian();
            norm += v[i] * v[i];
        }
        for (int i = 0; i < d; i++) {
            v[i] /= Math.sqrt(norm);
        }
        double[] w = new double[d];
        double vw = 0;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                w[i] += a[i * d + j] * v[j];
            }
            vw += v[i] * w[i];
        }
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                double value = a[i * d + j] - 2 * v[i] * w[j] - 2 * w[i] * v[j] + 4 * vw * v[i] * v[j];
                a[i * d + j] = value;
                a[j * d + i] = value;
            }
        }
    }

    private static void assertMatchesJacobi(double[] a, int d) {
        double[] expected = JacobiEigenvalues.of(a, d);
        for (boolean simd : TestMatrices.KERNELS) {
            assertCloseRelative(
                    expected,
                    SymmetricEigen.eigenvalues(a, d, simd),
                    1e-12,
                    d + " x " + d + " eigenvalues, SIMD " + simd);
        }
    }
}

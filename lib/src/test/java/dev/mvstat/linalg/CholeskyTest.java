package dev.mvstat.linalg;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static dev.mvstat.testing.Close.assertClose;
import static dev.mvstat.testing.Close.assertCloseRelative;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CholeskyTest {

    /** A = L L^T with L = [[2,0,0],[1,3,0],[-1,2,4]]. */
    private static final double[] L = {2, 0, 0, 1, 3, 0, -1, 2, 4};

    private static final double[] A = {4, 2, -2, 2, 10, 5, -2, 5, 21};

    @Test
    void factorsAHandCheckedMatrix() {
        Cholesky c = Cholesky.factor(A, 3);
        assertTrue(c.isPositiveDefinite());
        assertEquals(3, c.rank());
        assertArrayEquals(L, c.lower(), 1e-15);
        assertArrayEquals(A, A.clone(), 0.0, "input not modified");
    }

    @Test
    void findsAConstantColumn() {
        double[] a = {4, 0, 2, 0, 0, 0, 2, 0, 10};
        Cholesky c = Cholesky.factor(a, 3);
        assertFalse(c.isPositiveDefinite());
        assertEquals(2, c.rank());
        assertArrayEquals(new int[] {1}, c.dependentColumns());
    }

    @Test
    void findsACollinearColumnWhateverTheScale() {
        // Column 2 = column 0 + 1e6 * column 1, with variances 1 and 1e-12.
        double s = 1e6;
        double v0 = 1, v1 = 1e-12, c01 = 0;
        double v2 = v0 + s * s * v1, c02 = v0 + s * c01, c12 = c01 + s * v1;
        double[] a = {v0, c01, c02, c01, v1, c12, c02, c12, v2};
        Cholesky c = Cholesky.factor(a, 3);
        assertEquals(2, c.rank());
        assertArrayEquals(new int[] {2}, c.dependentColumns());
        assertArrayEquals(new double[] {1, s}, c.dependenceOf(2), 1e-9 * s, "column 2 = column 0 + 1e6 column 1");
        // The first two columns, badly scaled but independent, are positive definite.
        assertTrue(Cholesky.factor(new double[] {v0, c01, c01, v1}, 2).isPositiveDefinite());
    }

    @Test
    void dependenceOfAColumnAfterAConstantOne() {
        // Columns x, constant, y, 2x - 3y: the last is dependent on x and y, not on the constant.
        double vx = 2, vy = 5, cxy = 1;
        double[] a = {
            vx,
            0,
            cxy,
            2 * vx - 3 * cxy,
            0,
            0,
            0,
            0,
            cxy,
            0,
            vy,
            2 * cxy - 3 * vy,
            2 * vx - 3 * cxy,
            0,
            2 * cxy - 3 * vy,
            4 * vx - 12 * cxy + 9 * vy
        };
        Cholesky c = Cholesky.factor(a, 4);
        assertArrayEquals(new int[] {1, 3}, c.dependentColumns());
        assertArrayEquals(new double[] {2, 0, -3}, c.dependenceOf(3), 1e-14);
        assertArrayEquals(new double[] {0}, c.dependenceOf(1), 0.0, "a constant column depends on nothing");
    }

    @Test
    void rejectsBadInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cholesky.factor(A, 2));
        assertTrue(e.getMessage().contains("expected a 2 x 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Cholesky.factor(new double[] {Double.NaN}, 1));
    }

    /** The leading d x d blocks of one random positive definite matrix, for d = 1 to 200. */
    @Test
    void reproducesPositiveDefiniteMatricesOfEveryOrderUpTo200() {
        int n = 200;
        double[] full = TestMatrices.semiDefinite(n, n + 3, 2);
        for (int d = 1; d <= n; d++) {
            double[] a = new double[d * d];
            for (int i = 0; i < d; i++) {
                System.arraycopy(full, i * n, a, i * d, d);
            }
            for (boolean simd : TestMatrices.KERNELS) {
                assertReproduces(
                        a, d, Cholesky.factor(a, d, Cholesky.DEFAULT_TOLERANCE, simd), "order " + d + ", SIMD " + simd);
            }
        }
    }

    /** A positive definite L, zero above its diagonal, with {@code L L^T = A} within 1e-12 of A's largest entry. */
    private static void assertReproduces(double[] a, int d, Cholesky c, String what) {
        assertTrue(c.isPositiveDefinite(), what);
        double[] l = c.lower();
        double[] product = new double[d * d];
        int aboveDiagonal = 0;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int k = 0; k <= j; k++) {
                    s += l[i * d + k] * l[j * d + k];
                }
                product[i * d + j] = s;
                product[j * d + i] = s;
            }
            for (int j = i + 1; j < d; j++) {
                aboveDiagonal += l[i * d + j] == 0 ? 0 : 1;
            }
        }
        assertEquals(0, aboveDiagonal, what + ": nonzero entries of L above its diagonal");
        assertCloseRelative(a, product, 1e-12, what + ": L L^T");
    }

    @Test
    void readsOnlyTheLowerTriangle() {
        int d = 150;
        double[] a = TestMatrices.semiDefinite(d, d, 3);
        double[] lowerOnly = a.clone();
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                lowerOnly[i * d + j] = -7;
            }
        }
        assertArrayEquals(
                Cholesky.factor(a, d).lower(), Cholesky.factor(lowerOnly, d).lower(), 0.0);
    }

    /**
     * 300 rows of 200 columns with a zero column and columns that combine two earlier ones on both
     * sides of the block boundaries: the dependent columns, L and the dependences are those of the
     * unblocked factorization.
     */
    @Test
    void findsDependentColumnsAcrossBlocksAsTheUnblockedFactorization() {
        int rows = 300, d = 200;
        double[] x = TestMatrices.gaussian(rows, d, 17);
        int[] combined = {5, 63, 64, 65, 127, 128, 150, 199};
        for (int r = 0; r < rows; r++) {
            int row = r * d;
            x[row + 10] = 0;
            for (int k : combined) {
                x[row + k] = 2 * x[row + k / 2] - 3 * x[row + k - 1];
            }
        }
        double[] a = TestMatrices.gram(x, rows, d);
        int[] expected = IntStream.concat(IntStream.of(10), IntStream.of(combined))
                .sorted()
                .toArray();
        List<Integer> unblockedDependent = new ArrayList<>();
        double[] unblocked = unblocked(a, d, Cholesky.DEFAULT_TOLERANCE, unblockedDependent);
        assertArrayEquals(
                expected,
                unblockedDependent.stream().mapToInt(Integer::intValue).toArray());
        for (boolean simd : TestMatrices.KERNELS) {
            Cholesky c = Cholesky.factor(a, d, Cholesky.DEFAULT_TOLERANCE, simd);
            assertArrayEquals(expected, c.dependentColumns(), "SIMD " + simd);
            assertEquals(d - expected.length, c.rank());
            assertCloseRelative(unblocked, c.lower(), 1e-12, "L, SIMD " + simd);
            for (int k : new int[] {5, 63, 150, 199}) {
                double[] dependence = new double[k];
                dependence[k / 2] = 2;
                dependence[k - 1] = -3;
                assertClose(dependence, c.dependenceOf(k), 1e-9, "column " + k + ", SIMD " + simd);
            }
        }
    }

    /**
     * The reference: the unblocked dot-product Cholesky (Golub and Van Loan, Matrix Computations,
     * 4th ed., section 4.2.5) with {@link Cholesky}'s pivot test; a dependent column is zero in L.
     */
    private static double[] unblocked(double[] a, int d, double tolerance, List<Integer> dependent) {
        double[] l = new double[d * d];
        for (int k = 0; k < d; k++) {
            double pivot = a[k * d + k];
            for (int j = 0; j < k; j++) {
                pivot -= l[k * d + j] * l[k * d + j];
            }
            if (pivot <= tolerance * a[k * d + k] || pivot <= 0) {
                dependent.add(k);
                continue;
            }
            double lkk = Math.sqrt(pivot);
            l[k * d + k] = lkk;
            for (int i = k + 1; i < d; i++) {
                double s = a[i * d + k];
                for (int j = 0; j < k; j++) {
                    s -= l[i * d + j] * l[k * d + j];
                }
                l[i * d + k] = s / lkk;
            }
        }
        return l;
    }
}

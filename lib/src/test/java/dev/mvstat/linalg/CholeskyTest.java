package dev.mvstat.linalg;

import org.junit.jupiter.api.Test;

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
            vx, 0, cxy, 2 * vx - 3 * cxy,
            0, 0, 0, 0,
            cxy, 0, vy, 2 * cxy - 3 * vy,
            2 * vx - 3 * cxy, 0, 2 * cxy - 3 * vy, 4 * vx - 12 * cxy + 9 * vy};
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
}

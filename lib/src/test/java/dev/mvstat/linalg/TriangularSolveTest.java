package dev.mvstat.linalg;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class TriangularSolveTest {

    /** L = [[2,0,0],[1,3,0],[-1,2,4]]. */
    private static final double[] L = {2, 0, 0, 1, 3, 0, -1, 2, 4};

    @Test
    void solvesAHandCheckedSystem() {
        // L z = x for z = (1, -1, 2): x = (2, 1 - 3, -1 - 2 + 8) = (2, -2, 5).
        double[][] x = block(3, 1);
        x[0][0] = 2;
        x[1][0] = -2;
        x[2][0] = 5;
        TriangularSolve.forwardInPlace(L, 3, x, 1);
        assertEquals(1, x[0][0]);
        assertEquals(-1, x[1][0]);
        assertEquals(2, x[2][0]);
    }

    /** Every order and block length, across the SIMD steps and the rows left after them. */
    @Test
    void leavesRightHandSidesThatLTimesTheSolutionGivesBack() {
        Random random = new Random(7);
        for (int d : new int[] {1, 2, 3, 4, 5, 7, 8, 9, 13, 100}) {
            double[] lower = randomLower(d, random);
            for (int rows : new int[] {0, 1, 3, 15, 16, 17, 33, 256}) {
                double[][] x = block(d, rows);
                for (double[] column : x) {
                    for (int r = 0; r < rows; r++) {
                        column[r] = random.nextGaussian();
                    }
                }
                double[][] z = new double[d][];
                for (int j = 0; j < d; j++) {
                    z[j] = x[j].clone();
                }
                TriangularSolve.forwardInPlace(lower, d, z, rows);
                for (int i = 0; i < d; i++) {
                    for (int r = 0; r < rows; r++) {
                        double back = 0;
                        for (int k = 0; k <= i; k++) {
                            back += lower[i * d + k] * z[k][r];
                        }
                        assertEquals(x[i][r], back, 1e-12 * (1 + Math.abs(x[i][r])), "d " + d + " rows " + rows);
                    }
                }
            }
        }
    }

    /** Scores must not depend on how rows fall into blocks (partitioning, streaming batches). */
    @Test
    void givesARightHandSideTheSameBitsWhereverItFallsInTheBlock() {
        Random random = new Random(11);
        int d = 23;
        int rows = 37;
        double[] lower = randomLower(d, random);
        double[][] x = block(d, rows);
        for (double[] column : x) {
            Arrays.fill(column, 0, rows, random.nextGaussian());
        }
        TriangularSolve.forwardInPlace(lower, d, x, rows);
        for (double[] column : x) {
            for (int r = 1; r < rows; r++) {
                assertEquals(Double.doubleToLongBits(column[0]), Double.doubleToLongBits(column[r]), "row " + r);
            }
        }
    }

    /** The blocked solve against plain forward substitution, across block edges and strip edges. */
    @Test
    void matchesPlainForwardSubstitution() {
        Random random = new Random(13);
        for (int d : new int[] {1, 3, 7, 64, 129, 300, 1030}) {
            double[] lower = randomLower(d, random);
            for (int rows : new int[] {1, 5, 16, 17, 256}) {
                double[][] x = randomBlock(d, rows, random);
                double[][] expected = plainForward(lower, d, x, rows);
                TriangularSolve.forwardInPlace(lower, d, x, rows);
                for (int r = 0; r < rows; r++) {
                    double scale = 0;
                    for (int j = 0; j < d; j++) {
                        scale = Math.max(scale, Math.abs(expected[j][r]));
                    }
                    for (int j = 0; j < d; j++) {
                        assertEquals(expected[j][r], x[j][r], 1e-12 * scale, "d " + d + " rows " + rows + " row " + r);
                    }
                }
            }
        }
    }

    /** A row's bits do not depend on its block: alone, or at any place among 256 rows. */
    @Test
    void givesARowTheSameBitsAloneAsInAFullBlock() {
        Random random = new Random(17);
        int d = 300;
        int rows = 256;
        double[] lower = randomLower(d, random);
        double[][] x = randomBlock(d, rows, random);
        double[][] full = new double[d][];
        for (int j = 0; j < d; j++) {
            full[j] = x[j].clone();
        }
        TriangularSolve.forwardInPlace(lower, d, full, rows);
        for (int r : new int[] {0, 1, 7, 8, 15, 16, 17, 100, 255}) {
            double[][] alone = block(d, 1);
            for (int j = 0; j < d; j++) {
                alone[j][0] = x[j][r];
            }
            TriangularSolve.forwardInPlace(lower, d, alone, 1);
            for (int j = 0; j < d; j++) {
                assertEquals(
                        Double.doubleToLongBits(full[j][r]),
                        Double.doubleToLongBits(alone[j][0]),
                        "row " + r + " variable " + j);
            }
        }
    }

    @Test
    void leavesValuesBeyondThePaddedRowsAsTheyAre() {
        int padded = TriangularSolve.paddedRows(1);
        double[][] x = new double[3][padded + 1];
        x[0][0] = 2;
        x[1][0] = -2;
        x[2][0] = 5;
        for (double[] column : x) {
            column[padded] = 9;
        }
        TriangularSolve.forwardInPlace(L, 3, x, 1);
        assertArrayEquals(new double[] {1, -1, 2}, new double[] {x[0][0], x[1][0], x[2][0]});
        for (double[] column : x) {
            assertEquals(9, column[padded]);
        }
    }

    /** d arrays as long as {@link TriangularSolve#forwardInPlace} needs for {@code rows}. */
    private static double[][] block(int d, int rows) {
        return new double[d][TriangularSolve.paddedRows(rows)];
    }

    private static double[][] randomBlock(int d, int rows, Random random) {
        double[][] x = block(d, rows);
        for (double[] column : x) {
            for (int r = 0; r < rows; r++) {
                column[r] = random.nextGaussian();
            }
        }
        return x;
    }

    /** Row by row, each unknown's products summed in order: GVL algorithm 3.1.1. */
    private static double[][] plainForward(double[] lower, int d, double[][] x, int rows) {
        double[][] z = new double[d][rows];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < d; j++) {
                double s = x[j][r];
                for (int k = 0; k < j; k++) {
                    s -= lower[j * d + k] * z[k][r];
                }
                z[j][r] = s / lower[j * d + j];
            }
        }
        return z;
    }

    /**
     * A well-conditioned lower triangle: diagonal in [1, 2), entries below of order
     * 1 / sqrt(max(d, 100)), so that no row's part below the diagonal has a norm much above 1.
     */
    private static double[] randomLower(int d, Random random) {
        double[] lower = new double[d * d];
        double below = 1 / Math.sqrt(Math.max(d, 100));
        for (int i = 0; i < d; i++) {
            for (int k = 0; k < i; k++) {
                lower[i * d + k] = below * random.nextGaussian();
            }
            lower[i * d + i] = 1 + random.nextDouble();
        }
        return lower;
    }
}

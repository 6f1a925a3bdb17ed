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
        double[][] x = {{2}, {-2}, {5}};
        TriangularSolve.forwardInPlace(L, 3, x, 1);
        assertArrayEquals(new double[][] {{1}, {-1}, {2}}, x);
    }

    /** Every order and block length, across the SIMD steps and the rows left after them. */
    @Test
    void leavesRightHandSidesThatLTimesTheSolutionGivesBack() {
        Random random = new Random(7);
        for (int d : new int[] {1, 2, 3, 4, 5, 7, 8, 9, 13, 100}) {
            double[] lower = randomLower(d, random);
            for (int rows : new int[] {0, 1, 3, 15, 16, 17, 33, 256}) {
                double[][] x = new double[d][rows];
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
        double[][] x = new double[d][rows];
        for (double[] column : x) {
            Arrays.fill(column, random.nextGaussian());
        }
        TriangularSolve.forwardInPlace(lower, d, x, rows);
        for (double[] column : x) {
            for (int r = 1; r < rows; r++) {
                assertEquals(Double.doubleToLongBits(column[0]), Double.doubleToLongBits(column[r]), "row " + r);
            }
        }
    }

    @Test
    void leavesValuesBeyondTheRowsAsTheyAre() {
        double[][] x = {{2, 9}, {-2, 9}, {5, 9}};
        TriangularSolve.forwardInPlace(L, 3, x, 1);
        assertArrayEquals(new double[][] {{1, 9}, {-1, 9}, {2, 9}}, x);
    }

    /** A well-conditioned lower triangle: unit-order diagonal, small entries below. */
    private static double[] randomLower(int d, Random random) {
        double[] lower = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int k = 0; k < i; k++) {
                lower[i * d + k] = 0.1 * random.nextGaussian();
            }
            lower[i * d + i] = 1 + random.nextDouble();
        }
        return lower;
    }
}

package dev.mvstat.linalg;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;

import static dev.mvstat.testing.Close.assertClose;
import static dev.mvstat.testing.Close.assertCloseRelative;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The centered Gram matrix of 400 rows of 1000 columns, of rank 399: the first 399 columns are
 * cosine waves (the DCT-II basis less its constant vector: centered and orthogonal) scaled by 1 to
 * 10, each later column a random combination of them, and every column offset by a random mean.
 */
class RankDeficientGramTest {

    private static final int ROWS = 400;
    private static final int COLUMNS = 1000;
    private static final int RANK = ROWS - 1;

    /** Coefficients of the later columns on the first 399, row-major 399 x 601. */
    private static final double[] MIXING = TestMatrices.gaussian(RANK, COLUMNS - RANK, 11);

    private static final double[] CENTERED = centered(data());
    private static final double[] GRAM = TestMatrices.gram(CENTERED, ROWS, COLUMNS);

    private static double[] data() {
        Random random = new Random(5);
        double[] x = new double[ROWS * COLUMNS];
        for (int j = 0; j < RANK; j++) {
            double scale = 1 + 9 * random.nextDouble();
            for (int n = 0; n < ROWS; n++) {
                x[n * COLUMNS + j] = scale * Math.cos(Math.PI * (n + 0.5) * (j + 1) / ROWS);
            }
        }
        int later = COLUMNS - RANK;
        for (int n = 0; n < ROWS; n++) {
            int row = n * COLUMNS;
            for (int i = 0; i < RANK; i++) {
                for (int j = RANK; j < COLUMNS; j++) {
                    x[row + j] += MIXING[i * later + j - RANK] * x[row + i];
                }
            }
        }
        for (int j = 0; j < COLUMNS; j++) {
            double mean = 100 * random.nextGaussian();
            for (int n = 0; n < ROWS; n++) {
                x[n * COLUMNS + j] += mean;
            }
        }
        return x;
    }

    private static double[] centered(double[] x) {
        double[] c = x.clone();
        for (int j = 0; j < COLUMNS; j++) {
            double mean = 0;
            for (int n = 0; n < ROWS; n++) {
                mean += x[n * COLUMNS + j];
            }
            mean /= ROWS;
            for (int n = 0; n < ROWS; n++) {
                c[n * COLUMNS + j] -= mean;
            }
        }
        return c;
    }

    @Test
    void choleskyFindsRank399AndHowTheLaterColumnsDepend() {
        Cholesky c = Cholesky.factor(GRAM, COLUMNS);
        assertFalse(c.isPositiveDefinite());
        assertEquals(RANK, c.rank());
        assertArrayEquals(IntStream.range(RANK, COLUMNS).toArray(), c.dependentColumns());
        for (int k : new int[] {RANK, 640, COLUMNS - 1}) {
            double[] expected = new double[k];
            for (int i = 0; i < RANK; i++) {
                expected[i] = MIXING[i * (COLUMNS - RANK) + k - RANK];
            }
            assertClose(expected, c.dependenceOf(k), 1e-9, "column " + k + " on the first 399");
        }
    }

    /** X^T X and X X^T share their nonzero eigenvalues: the 1000 x 1000 matrix's against Jacobi's on the 400 x 400. */
    @Test
    void nonzeroEigenvaluesAreThoseOfTheRowGram() {
        double[] rowGram = TestMatrices.gram(TestMatrices.transpose(CENTERED, ROWS, COLUMNS), COLUMNS, ROWS);
        double[] rowValues = JacobiEigenvalues.of(rowGram, ROWS);
        double[] expected = new double[COLUMNS];
        System.arraycopy(rowValues, 1, expected, COLUMNS - RANK, RANK);
        double[] actual = SymmetricEigen.eigenvalues(GRAM, COLUMNS);
        assertCloseRelative(expected, actual, 1e-12, "eigenvalues, 601 of them zero");
        assertClose(
                new double[] {0},
                Arrays.copyOf(rowValues, 1),
                1e-12 * rowValues[ROWS - 1],
                "the row Gram's null eigenvalue");
    }
}

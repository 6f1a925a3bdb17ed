package dev.mvstat.linalg;

import java.util.Random;

/** Random test matrices, reproducible from a seed, and the kernels to run them through. */
final class TestMatrices {

    /** Without SIMD, and with it where this JVM runs Vector API kernels (the tests' JVM does). */
    static final boolean[] KERNELS = {false, Gram.simdAvailable()};

    private TestMatrices() {}

    /** @return a rows x columns row-major matrix of standard normal entries */
    static double[] gaussian(int rows, int columns, long seed) {
        Random random = new Random(seed);
        double[] x = new double[rows * columns];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextGaussian();
        }
        return x;
    }

    /** @return the columns x columns Gram matrix {@code X^T X} of a rows x columns row-major X */
    static double[] gram(double[] x, int rows, int columns) {
        double[] g = new double[columns * columns];
        for (int r = 0; r < rows; r++) {
            int row = r * columns;
            for (int i = 0; i < columns; i++) {
                double xi = x[row + i];
                for (int j = 0; j < columns; j++) {
                    g[i * columns + j] += xi * x[row + j];
                }
            }
        }
        return g;
    }

    /** @return {@code B B^T} for a random d x rank B: positive definite when rank >= d, else of rank {@code rank} */
    static double[] semiDefinite(int d, int rank, long seed) {
        double[] b = gaussian(d, rank, seed);
        return gram(transpose(b, d, rank), rank, d);
    }

    /** @return the columns x rows transpose of a rows x columns row-major matrix */
    static double[] transpose(double[] x, int rows, int columns) {
        double[] t = new double[x.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                t[c * rows + r] = x[r * columns + c];
            }
        }
        return t;
    }

    /** @return the largest absolute entry */
    static double largest(double[] x) {
        double m = 0;
        for (double v : x) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}

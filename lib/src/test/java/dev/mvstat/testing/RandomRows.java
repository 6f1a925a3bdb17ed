package dev.mvstat.testing;

import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/** Reproducible random rows with correlated columns of growing scale. */
public final class RandomRows {

    private RandomRows() {}

    /**
     * @param seed   the generator's seed
     * @param n      number of rows
     * @param d      number of columns
     * @param offset added to every value
     * @return n rows whose column j is {@code offset + (j + 1) z + 0.3 x_{j-1}}, z standard normal
     */
    public static List<double[]> of(long seed, int n, int d, double offset) {
        Random random = new Random(seed);
        return IntStream.range(0, n)
                .mapToObj(i -> {
                    double[] row = new double[d];
                    for (int j = 0; j < d; j++) {
                        row[j] = offset + random.nextGaussian() * (j + 1) + (j > 0 ? 0.3 * row[j - 1] : 0);
                    }
                    return row;
                })
                .toList();
    }
}

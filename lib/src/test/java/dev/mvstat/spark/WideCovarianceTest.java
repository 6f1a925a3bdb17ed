package dev.mvstat.spark;

import dev.mvstat.moments.CovarianceModel;
import dev.mvstat.testing.SparkTestSession;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A wide case: 3,000 rows of 1,200 columns, low-rank structure plus noise on large column offsets,
 * against a plain two-pass computation in the test. Centering by a double mean is exact here
 * (each value and its column's mean are within a factor of two, Sterbenz), so the reference's only
 * error is the rounding of its sums of products.
 */
class WideCovarianceTest {

    private static final int ROWS = 3000;
    private static final int COLUMNS = 1200;
    private static final int RANK = 5;

    @Test
    void matchesATwoPassComputationAndIsFullRank() {
        List<double[]> rows = rows();
        JavaSparkContext sc =
                JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext());
        CovarianceModel model = DistributedCovariance.model(
                sc.parallelize(rows, 7),
                IntStream.range(0, COLUMNS).mapToObj(j -> "c" + j).toList(),
                false);
        double[] expected = twoPass(rows);
        double[] actual = model.covariance();
        for (int i = 0; i < COLUMNS; i++) {
            for (int j = 0; j < COLUMNS; j++) {
                double scale = Math.sqrt(expected[i * COLUMNS + i] * expected[j * COLUMNS + j]);
                assertEquals(
                        expected[i * COLUMNS + j],
                        actual[i * COLUMNS + j],
                        1e-12 * scale,
                        "covariance[" + i + "][" + j + "]");
            }
        }
        assertEquals(COLUMNS, model.rank());
        assertTrue(model.positiveDefinite());
        double[] eigenvalues = model.eigenvalues();
        double trace = IntStream.range(0, COLUMNS)
                .mapToDouble(j -> expected[j * COLUMNS + j])
                .sum();
        assertEquals(trace, Arrays.stream(eigenvalues).sum(), 1e-12 * trace, "eigenvalues sum to the trace");
        assertTrue(eigenvalues[0] > 0, "smallest eigenvalue positive: " + eigenvalues[0]);
    }

    /** Five strong directions, noise a hundredth of their size, each column on an offset near 1e6. */
    private static List<double[]> rows() {
        Random random = new Random(5);
        double[][] loadings = new double[RANK][COLUMNS];
        for (double[] row : loadings) {
            for (int j = 0; j < COLUMNS; j++) {
                row[j] = random.nextGaussian();
            }
        }
        List<double[]> rows = new ArrayList<>(ROWS);
        for (int r = 0; r < ROWS; r++) {
            double[] factors = new double[RANK];
            for (int k = 0; k < RANK; k++) {
                factors[k] = random.nextGaussian();
            }
            double[] row = new double[COLUMNS];
            for (int j = 0; j < COLUMNS; j++) {
                double value = 0.01 * random.nextGaussian();
                for (int k = 0; k < RANK; k++) {
                    value += factors[k] * loadings[k][j];
                }
                row[j] = 1e6 * (1 + j / (double) COLUMNS) + value;
            }
            rows.add(row);
        }
        return rows;
    }

    /** The sample covariance by the textbook two passes: the mean, then sums of centered products. */
    private static double[] twoPass(List<double[]> rows) {
        int n = rows.size();
        int d = rows.get(0).length;
        double[][] centered = new double[d][n];
        for (int j = 0; j < d; j++) {
            double sum = 0;
            for (double[] row : rows) {
                sum += row[j];
            }
            double mean = sum / n;
            for (int r = 0; r < n; r++) {
                centered[j][r] = rows.get(r)[j] - mean;
            }
        }
        double[] covariance = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                double sum = 0;
                for (int r = 0; r < n; r++) {
                    sum += centered[i][r] * centered[j][r];
                }
                covariance[i * d + j] = sum / (n - 1);
                covariance[j * d + i] = sum / (n - 1);
            }
        }
        return covariance;
    }

    /**
     * Spearman at 400 columns: 1,000 rows of the low-rank data rounded to quarters (many ties),
     * against each column's average ranks found by sorting in the test, then their two-pass
     * Pearson correlation.
     */
    @Test
    void spearmanMatchesThePearsonCorrelationOfSortedRanks() {
        int n = 1000;
        int d = 400;
        List<double[]> rows = rows().subList(0, n).stream()
                .map(r -> Arrays.stream(r, 0, d)
                        .map(x -> Math.round(4 * (x - 1e6)) / 4.0)
                        .toArray())
                .toList();
        JavaSparkContext sc =
                JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext());
        double[] actual =
                DistributedSpearman.correlation(sc.parallelize(rows, 5).cache());
        double[] covariance = twoPass(averageRanks(rows));
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double expected = covariance[i * d + j] / Math.sqrt(covariance[i * d + i] * covariance[j * d + j]);
                assertEquals(expected, actual[i * d + j], 1e-12, "spearman[" + i + "][" + j + "]");
            }
        }
    }

    /** Each column's values replaced by their 1-based ranks, tied values sharing their mean rank. */
    private static List<double[]> averageRanks(List<double[]> rows) {
        int n = rows.size();
        int d = rows.get(0).length;
        double[][] ranks = new double[n][d];
        for (int j = 0; j < d; j++) {
            int column = j;
            Integer[] order = IntStream.range(0, n)
                    .boxed()
                    .sorted((a, b) -> Double.compare(rows.get(a)[column], rows.get(b)[column]))
                    .toArray(Integer[]::new);
            for (int start = 0; start < n; ) {
                int end = start;
                while (end < n && rows.get(order[end])[j] == rows.get(order[start])[j]) {
                    end++;
                }
                double mean = (start + 1 + end) / 2.0;
                for (int k = start; k < end; k++) {
                    ranks[order[k]][j] = mean;
                }
                start = end;
            }
        }
        return Arrays.asList(ranks);
    }
}

package dev.mvstat.jobs.bench;

import org.apache.spark.api.java.JavaRDD;

import java.io.Serializable;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** Seeded rows of known structure for the fit benchmarks, generated on the executors. */
final class GeneratedRows {

    private GeneratedRows() {}

    /**
     * Rows {@code diag(1..d) Q^T z}: z with standard deviations log-spaced from 1 to
     * {@code 1 / sqrt(condition)} under a random rotation Q, so that the correlation matrix has a
     * condition number of about {@code condition} and the columns different scales.
     */
    static JavaRDD<double[]> illConditioned(BenchJob.Setup s, int n, int d, double condition) {
        double[][] q = rotation(d, new Random(s.seed()));
        double[] sd = new double[d];
        for (int k = 0; k < d; k++) {
            sd[k] = Math.pow(condition, -0.5 * k / Math.max(1, d - 1));
        }
        return rows(s, n, random -> {
            double[] z = new double[d];
            for (int k = 0; k < d; k++) {
                z[k] = random.nextGaussian() * sd[k];
            }
            double[] x = new double[d];
            for (int j = 0; j < d; j++) {
                for (int k = 0; k < d; k++) {
                    x[j] += q[k][j] * z[k];
                }
                x[j] *= j + 1;
            }
            return x;
        });
    }

    /**
     * Rows from a mixture of k Gaussians with weights proportional to {@code k, k - 1, .., 1},
     * means drawn with standard deviation 3 per column, and covariances {@code A A^T / d + 0.1 I}
     * for a random Gaussian A: components that overlap in some columns and are apart in others.
     */
    static JavaRDD<double[]> mixture(BenchJob.Setup s, int n, int d, int k) {
        Random random = new Random(s.seed());
        double[][] means = new double[k][d];
        double[][][] factors = new double[k][][];
        double[] cumulative = new double[k];
        double total = k * (k + 1) / 2.0;
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
                means[c][j] = 3 * random.nextGaussian();
            }
            double[][] a = new double[d][d];
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    a[i][j] = random.nextGaussian() / Math.sqrt(d);
                }
            }
            factors[c] = a;
            cumulative[c] = (c == 0 ? 0 : cumulative[c - 1]) + (k - c) / total;
        }
        return rows(s, n, r -> {
            double u = r.nextDouble();
            int c = 0;
            while (c < k - 1 && u > cumulative[c]) {
                c++;
            }
            double[] z = new double[d];
            for (int j = 0; j < d; j++) {
                z[j] = r.nextGaussian();
            }
            double[] x = means[c].clone();
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    x[i] += factors[c][i][j] * z[j];
                }
                x[i] += Math.sqrt(0.1) * r.nextGaussian();
            }
            return x;
        });
    }

    /** A random rotation: Gram-Schmidt on Gaussian rows. */
    private static double[][] rotation(int d, Random random) {
        double[][] q = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                q[i][j] = random.nextGaussian();
            }
            for (int k = 0; k < i; k++) {
                double dot = 0;
                for (int j = 0; j < d; j++) {
                    dot += q[i][j] * q[k][j];
                }
                for (int j = 0; j < d; j++) {
                    q[i][j] -= dot * q[k][j];
                }
            }
            double norm = 0;
            for (int j = 0; j < d; j++) {
                norm += q[i][j] * q[i][j];
            }
            for (int j = 0; j < d; j++) {
                q[i][j] /= Math.sqrt(norm);
            }
        }
        return q;
    }

    /** A row from a seeded random source. */
    interface RowSource extends Serializable {
        double[] next(Random random);
    }

    /** n rows from the source, in the setup's partitions, each partition seeded from the setup's seed. */
    static JavaRDD<double[]> rows(BenchJob.Setup s, int n, RowSource source) {
        long seed = s.seed();
        int parts = s.partitions();
        return s.sc().parallelize(IntStream.range(0, parts).boxed().toList(), parts)
                .flatMap(p -> {
                    Random random = new Random(seed * 1_000_003L + p);
                    int count = n / parts + (p < n % parts ? 1 : 0);
                    return Stream.generate(() -> source.next(random))
                            .limit(count)
                            .iterator();
                });
    }
}

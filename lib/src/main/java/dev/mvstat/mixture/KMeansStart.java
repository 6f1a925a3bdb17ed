package dev.mvstat.mixture;

import dev.mvstat.gaussian.CholeskyGaussian;
import dev.mvstat.linalg.Cholesky;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A mixture's starting point from a sample of rows: k-means++ seeding (Arthur and Vassilvitskii,
 * "k-means++: the advantages of careful seeding", SODA 2007), then Lloyd's iterations; each
 * cluster gives a component with its mean, its covariance shrunk by one pseudo-row towards the
 * identity ({@code (scatter + I) / (n_k + 1)}, the fit's coordinates having unit variances), so
 * that a cluster of one point or of collinear points still starts a proper Gaussian, and a weight
 * {@code (n_k + 1) / (n + K)}.
 */
final class KMeansStart {

    private static final int LLOYD_ITERATIONS = 25;

    private KMeansStart() {}

    /**
     * @param sample rows in the fit's coordinates, at least k
     * @param k      the number of components
     * @param seed   the seed of the seeding's draws
     */
    static GaussianMixture of(List<double[]> sample, int k, long seed) {
        int d = sample.get(0).length;
        double[][] centers = seeds(sample, k, new SplittableRandom(seed));
        int[] assignment = new int[sample.size()];
        for (int iteration = 0; iteration < LLOYD_ITERATIONS; iteration++) {
            boolean changed = assign(sample, centers, assignment) || iteration == 0;
            if (!changed) {
                break;
            }
            double[][] sums = new double[k][d];
            int[] counts = new int[k];
            for (int i = 0; i < sample.size(); i++) {
                counts[assignment[i]]++;
                for (int j = 0; j < d; j++) {
                    sums[assignment[i]][j] += sample.get(i)[j];
                }
            }
            for (int c = 0; c < k; c++) {
                if (counts[c] > 0) {
                    for (int j = 0; j < d; j++) {
                        centers[c][j] = sums[c][j] / counts[c];
                    }
                }
            }
        }
        assign(sample, centers, assignment);
        return components(sample, centers, assignment);
    }

    /** k-means++: the first center uniformly, each next with probability proportional to its squared distance to the nearest. */
    private static double[][] seeds(List<double[]> sample, int k, SplittableRandom random) {
        int n = sample.size();
        double[][] centers = new double[k][];
        centers[0] = sample.get(random.nextInt(n)).clone();
        double[] nearest = new double[n];
        for (int i = 0; i < n; i++) {
            nearest[i] = squaredDistance(sample.get(i), centers[0]);
        }
        for (int c = 1; c < k; c++) {
            double total = 0;
            for (double v : nearest) {
                total += v;
            }
            int chosen = random.nextInt(n);
            if (total > 0) {
                double target = random.nextDouble() * total;
                for (int i = 0; i < n; i++) {
                    target -= nearest[i];
                    if (target < 0 || i == n - 1) {
                        chosen = i;
                        break;
                    }
                }
            }
            centers[c] = sample.get(chosen).clone();
            for (int i = 0; i < n; i++) {
                nearest[i] = Math.min(nearest[i], squaredDistance(sample.get(i), centers[c]));
            }
        }
        return centers;
    }

    /** Assigns every row to its nearest center; returns whether any assignment changed. */
    private static boolean assign(List<double[]> sample, double[][] centers, int[] assignment) {
        boolean changed = false;
        for (int i = 0; i < sample.size(); i++) {
            int best = 0;
            double bestDistance = Double.POSITIVE_INFINITY;
            for (int c = 0; c < centers.length; c++) {
                double distance = squaredDistance(sample.get(i), centers[c]);
                if (distance < bestDistance) {
                    bestDistance = distance;
                    best = c;
                }
            }
            changed |= assignment[i] != best;
            assignment[i] = best;
        }
        return changed;
    }

    private static GaussianMixture components(List<double[]> sample, double[][] centers, int[] assignment) {
        int k = centers.length;
        int d = centers[0].length;
        int[] counts = new int[k];
        double[][] scatter = new double[k][d * d];
        for (int i = 0; i < sample.size(); i++) {
            int c = assignment[i];
            counts[c]++;
            double[] x = sample.get(i);
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    scatter[c][a * d + b] += (x[a] - centers[c][a]) * (x[b] - centers[c][b]);
                }
            }
        }
        double[] weights = new double[k];
        List<CholeskyGaussian> components = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            weights[c] = (counts[c] + 1.0) / (sample.size() + k);
            double[] covariance = scatter[c];
            for (int a = 0; a < d; a++) {
                covariance[a * d + a] += 1;
            }
            for (int a = 0; a < d * d; a++) {
                covariance[a] /= counts[c] + 1.0;
            }
            components.add(CholeskyGaussian.of(
                    centers[c], Cholesky.factor(covariance, d).lower()));
        }
        return GaussianMixture.of(weights, components);
    }

    private static double squaredDistance(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            double t = a[j] - b[j];
            s += t * t;
        }
        return s;
    }
}

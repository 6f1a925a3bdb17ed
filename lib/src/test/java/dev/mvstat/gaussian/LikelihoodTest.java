package dev.mvstat.gaussian;

import dev.mvstat.testing.TestData;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LikelihoodTest {

    /** Sums of the rows' residuals about the model's mean, in the model's coordinates. */
    private static Likelihood likelihood(CholeskyGaussian model, List<double[]> rows) {
        ResidualSums sums = new ResidualSums(model.mean(), ones(model.dimension()));
        rows.forEach(r -> sums.add(r, 0));
        return sums.likelihood(model);
    }

    private static double[] ones(int d) {
        double[] o = new double[d];
        java.util.Arrays.fill(o, 1);
        return o;
    }

    /** A Gaussian away from the data's optimum, with correlated factor entries. */
    private static CholeskyGaussian someModel(int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] p = new double[CholeskyGaussian.parameterCount(d)];
        for (int i = 0; i < p.length; i++) {
            p[i] = r.nextDouble(-0.5, 0.5);
        }
        return CholeskyGaussian.fromParameters(d, p);
    }

    @Test
    void nllMatchesTheDensityRowByRow() {
        List<double[]> rows = TestData.rows("iris");
        CholeskyGaussian model = someModel(4, 3);
        double[] l = model.cholesky();
        double expected = 0;
        for (double[] x : rows) {
            double[] z = new double[4];
            for (int i = 0; i < 4; i++) {
                double s = x[i] - model.mean()[i];
                for (int k = 0; k < i; k++) {
                    s -= l[i * 4 + k] * z[k];
                }
                z[i] = s / l[i * 4 + i];
                expected += 0.5 * z[i] * z[i] + Math.log(l[i * 4 + i]) + 0.5 * Math.log(2 * Math.PI);
            }
        }
        assertEquals(expected, likelihood(model, rows).nll(), 1e-10 * Math.abs(expected));
    }

    @Test
    void gradientEqualsCentralFiniteDifferences() {
        for (String name : List.of("iris", "wine", "blobs3")) {
            List<double[]> rows = TestData.rows(name);
            int d = rows.get(0).length;
            // Standardize so that finite differences see parameters of order one.
            Standardization st = InMemoryBatches.of(rows, 0).ranges()[0].standardization();
            CholeskyGaussian model = someModel(d, 11);
            double[] p = model.parameters();
            double[] gradient = nll(rows, st, d, p).gradient();
            for (int i = 0; i < p.length; i++) {
                double h = 1e-5;
                double[] up = p.clone();
                double[] down = p.clone();
                up[i] += h;
                down[i] -= h;
                double fd = (nll(rows, st, d, up).nll() - nll(rows, st, d, down).nll()) / (2 * h);
                assertEquals(fd, gradient[i], 1e-6 * Math.max(1, Math.abs(gradient[i])), name + " parameter " + i);
            }
        }
    }

    private static Likelihood nll(List<double[]> rows, Standardization st, int d, double[] p) {
        CholeskyGaussian model = CholeskyGaussian.fromParameters(d, p);
        ResidualSums sums = st.residuals(model);
        rows.forEach(r -> sums.add(r, 0));
        return sums.likelihood(model);
    }
}

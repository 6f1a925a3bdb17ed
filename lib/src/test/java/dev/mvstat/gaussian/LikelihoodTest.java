package dev.mvstat.gaussian;

import dev.mvstat.moments.CoMoments;
import dev.mvstat.testing.Close;
import dev.mvstat.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
        Arrays.fill(o, 1);
        return o;
    }

    /** A Gaussian away from the data's optimum, with correlated factor entries. */
    private static CholeskyGaussian someModel(int d, long seed) {
        return CholeskyGaussian.fromParameters(d, someParameters(d, seed));
    }

    private static double[] someParameters(int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] p = new double[CholeskyGaussian.parameterCount(d)];
        for (int i = 0; i < p.length; i++) {
            p[i] = r.nextDouble(-0.5, 0.5);
        }
        return p;
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

    /** From any model, the natural-gradient step of rate 1 over all rows lands on their maximum-likelihood Gaussian. */
    @Test
    void theNaturalStepOverAllRowsLandsOnTheMle() {
        for (String name : List.of("iris", "wine", "blobs3")) {
            List<double[]> rows = TestData.rows(name);
            int d = rows.get(0).length;
            CoMoments moments = new CoMoments(d);
            rows.forEach(moments::add);
            double[] mean = moments.mean();
            double[] covariance = moments.covariance(0);
            CholeskyGaussian model = someModel(d, 3)
                    .transformed(mean, CholeskyGaussian.standard(d).cholesky());
            double[] p = model.parameters();
            double[] step = likelihood(model, rows).naturalStep(model);
            for (int i = 0; i < p.length; i++) {
                p[i] += step[i];
            }
            CholeskyGaussian next = CholeskyGaussian.fromParameters(d, p);
            for (int i = 0; i < d; i++) {
                assertEquals(mean[i], next.mean()[i], 1e-9 * (1 + Math.abs(mean[i])), name + " mean " + i);
            }
            double[] c = next.covariance();
            for (int i = 0; i < d * d; i++) {
                double scale = Math.sqrt(covariance[(i / d) * (d + 1)] * covariance[(i % d) * (d + 1)]);
                assertEquals(covariance[i], c[i], 1e-9 * scale, name + " covariance " + i);
            }
            assertEquals(0, likelihood(next, rows).stationarity(), 1e-9, name + ": stationary there");
        }
    }

    @Test
    void gradientEqualsCentralFiniteDifferences() {
        for (String name : List.of("iris", "wine", "blobs3")) {
            List<double[]> rows = TestData.rows(name);
            int d = rows.get(0).length;
            // Standardize so that finite differences see parameters of order one.
            Standardization st = Standardization.of(InMemoryBatches.of(rows, 0).columnMoments()[0]);
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

    @Test
    void sumsOverTwoPartsMergeIntoTheWhole() {
        List<double[]> rows = TestData.rows("blobs3");
        CholeskyGaussian model = someModel(3, 5);
        Likelihood whole = likelihood(model, rows);
        // Parts that end inside one of the 256-row blocks ResidualSums gathers.
        Likelihood merged =
                likelihood(model, rows.subList(0, 1001)).plus(likelihood(model, rows.subList(1001, rows.size())));
        assertEquals(whole.weight(), merged.weight());
        assertEquals(whole.nll(), merged.nll(), 1e-9 * Math.abs(whole.nll()));
        Close.assertCloseRelative(whole.gradient(), merged.gradient(), 1e-9, "gradient");
        assertEquals(whole.stationarity(), merged.stationarity(), 1e-9 * whole.stationarity());
    }

    @Test
    void parametersRoundTripAndCovarianceIsTheFactorsProduct() {
        int d = 4;
        double[] p = someParameters(d, 17);
        CholeskyGaussian model = CholeskyGaussian.fromParameters(d, p);
        Close.assertClose(p, model.parameters(), 1e-15, "parameters");
        double[] l = model.cholesky();
        double[] product = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                for (int k = 0; k < d; k++) {
                    product[i * d + j] += l[i * d + k] * l[j * d + k];
                }
            }
        }
        Close.assertClose(product, model.covariance(), 1e-15, "covariance");
    }

    @Test
    void exactMleMatchesTheReference() {
        List<double[]> rows = TestData.rows("iris");
        Mle mle = Mle.of(rows);
        double reference =
                TestData.reference("iris").get("gaussian_mle").get("mean_nll").asDouble();
        assertEquals(reference, mle.meanNll(), 1e-12);
        CholeskyGaussian model = CholeskyGaussian.of(mle.mean(), mle.cholesky());
        assertEquals(reference, likelihood(model, rows).meanNll(), 1e-12);
        assertEquals(reference, model.meanNll(mle.mean(), mle.covariance()), 1e-12);
    }

    @Test
    void stationarityVanishesAtTheMleOnly() {
        List<double[]> rows = TestData.rows("iris");
        Mle mle = Mle.of(rows);
        Likelihood atMle = likelihood(CholeskyGaussian.of(mle.mean(), mle.cholesky()), rows);
        assertTrue(atMle.stationarity() < 1e-9, "at the MLE: " + atMle.stationarity());
        Close.assertClose(new double[CholeskyGaussian.parameterCount(4)], atMle.meanGradient(), 1e-9, "gradient");

        double[] shiftedMean = mle.mean();
        shiftedMean[0] += 0.01;
        double shifted = likelihood(CholeskyGaussian.of(shiftedMean, mle.cholesky()), rows)
                .stationarity();
        assertTrue(shifted > 1e-3, "mean shifted by 0.01: " + shifted);
        double elsewhere = likelihood(someModel(4, 3), rows).stationarity();
        assertTrue(elsewhere > 0.1, "elsewhere: " + elsewhere);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, -1, Double.NaN, Double.POSITIVE_INFINITY})
    void factorWithoutAPositiveFiniteDiagonalIsRejected(double diagonal) {
        double[] lower = CholeskyGaussian.standard(3).cholesky();
        lower[4] = diagonal;
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> CholeskyGaussian.of(new double[3], lower));
        assertTrue(e.getMessage().contains("diagonal entry 1"), e.getMessage());
    }
}

package dev.mvstat.gaussian;

import dev.mvstat.linalg.Cholesky;
import dev.mvstat.moments.CoMoments;
import dev.mvstat.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FisherPreconditionerTest {

    /** At the standard normal the mean's gradient passes unchanged and the log-diagonal's is halved. */
    @Test
    void atTheStandardNormalOnlyTheLogDiagonalIsHalved() {
        double[] out = new FisherPreconditioner(2)
                .apply(CholeskyGaussian.standard(2).parameters(), new double[] {1, 2, 3, 4, 5});
        assertArrayEquals(new double[] {1, 2, 1.5, 4, 2.5}, out, 1e-15);
    }

    /**
     * At the maximum-likelihood Gaussian the Fisher information is the mean NLL's Hessian, so the
     * preconditioner inverts the Hessian measured by central differences of the exact gradient.
     */
    @ParameterizedTest
    @ValueSource(strings = {"iris", "wine"})
    void invertsTheHessianAtTheMle(String name) {
        List<double[]> rows = TestData.rows(name);
        int d = rows.get(0).length;
        CoMoments moments = new CoMoments(d);
        rows.forEach(moments::add);
        double[] optimum = CholeskyGaussian.of(
                        moments.mean(),
                        Cholesky.factor(moments.covariance(0), d).lower())
                .parameters();
        FisherPreconditioner fisher = new FisherPreconditioner(d);
        SplittableRandom random = new SplittableRandom(5);
        for (int trial = 0; trial < 3; trial++) {
            double[] v = random.doubles(optimum.length, -1, 1).toArray();
            double h = 1e-5 / Math.sqrt(dot(v, v));
            double[] up = meanGradient(rows, plus(optimum, v, h));
            double[] down = meanGradient(rows, plus(optimum, v, -h));
            double[] hessianTimesV = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                hessianTimesV[i] = (up[i] - down[i]) / (2 * h);
            }
            double[] back = fisher.apply(optimum, hessianTimesV);
            for (int i = 0; i < v.length; i++) {
                assertEquals(v[i], back[i], 1e-5, name + " trial " + trial + " parameter " + i);
            }
        }
    }

    /** Symmetric and positive definite anywhere: {@code u . P w = w . P u} and {@code u . P u > 0}. */
    @Test
    void isSymmetricAndPositiveDefiniteAwayFromTheOptimum() {
        int d = 5;
        SplittableRandom random = new SplittableRandom(9);
        double[] point =
                random.doubles(CholeskyGaussian.parameterCount(d), -1, 1).toArray();
        FisherPreconditioner fisher = new FisherPreconditioner(d);
        for (int trial = 0; trial < 5; trial++) {
            double[] u = random.doubles(point.length, -1, 1).toArray();
            double[] w = random.doubles(point.length, -1, 1).toArray();
            double uPw = dot(u, fisher.apply(point, w));
            assertEquals(uPw, dot(w, fisher.apply(point, u)), 1e-12 * Math.max(1, Math.abs(uPw)));
            assertTrue(dot(u, fisher.apply(point, u)) > 0);
        }
    }

    /** The local map and its way back are each other's transpose: {@code u . W s = W^T u . s}. */
    @Test
    void toLocalIsTheTransposeOfFromLocal() {
        int d = 4;
        SplittableRandom random = new SplittableRandom(12);
        double[] point =
                random.doubles(CholeskyGaussian.parameterCount(d), -1, 1).toArray();
        FisherPreconditioner fisher = new FisherPreconditioner(d);
        for (int trial = 0; trial < 5; trial++) {
            double[] u = random.doubles(point.length, -1, 1).toArray();
            double[] s = random.doubles(point.length, -1, 1).toArray();
            double left = dot(u, fisher.fromLocal(point, s));
            assertEquals(left, dot(fisher.toLocal(point, u), s), 1e-12 * Math.max(1, Math.abs(left)));
        }
    }

    private static double[] meanGradient(List<double[]> rows, double[] parameters) {
        CholeskyGaussian model = CholeskyGaussian.fromParameters(rows.get(0).length, parameters);
        double[] ones = new double[model.dimension()];
        Arrays.fill(ones, 1);
        ResidualSums sums = new ResidualSums(model.mean(), ones);
        rows.forEach(r -> sums.add(r, 0));
        return sums.likelihood(model).meanGradient();
    }

    private static double[] plus(double[] x, double[] v, double h) {
        double[] out = x.clone();
        for (int i = 0; i < x.length; i++) {
            out[i] += h * v[i];
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}

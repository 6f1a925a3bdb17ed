package dev.mvstat.optimize;

import dev.mvstat.optimize.Optimizer.Outcome;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static dev.mvstat.testing.Close.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The optimizers on their own, on functions other than a Gaussian NLL. */
class OptimizerTest {

    /** A symmetric positive-definite matrix and a vector: f(x) = x^T A x / 2 - b^T x. */
    private static final double[][] A = {{4, 1, 0.5}, {1, 3, 0.2}, {0.5, 0.2, 2}};

    private static final double[] B = {1, -2, 0.5};

    static Stream<Named<Function<double[], Optimizer>>> firstOrder() {
        return Stream.of(
                Named.of("adam", start -> new Adam(start, 0.1)),
                Named.of("momentum sgd", start -> new MomentumSgd(start, 0.01, 0.9)));
    }

    static Stream<Named<Function<double[], Optimizer>>> all() {
        return Stream.concat(firstOrder(), Stream.of(Named.of("lbfgs", start -> new Lbfgs(start, 1, 10))));
    }

    @ParameterizedTest
    @MethodSource("all")
    void minimizesAConvexQuadratic(Function<double[], Optimizer> create) {
        double[] x = Optimizer.minimize(create.apply(new double[3]), OptimizerTest::quadratic, 100_000, 1e-9);
        assertClose(solveByCramer(A, B), x, 1e-6, "A^-1 b");
    }

    /** Curvatures 1 to 1e6 along the axes: f(x) = sum_i h_i (x_i - 1)^2 / 2, minimum at x = 1. */
    private static final double[] CURVATURES = {1, 1e3, 1e6};

    /** The exact inverse Hessian of {@link #CURVATURES}' function: {@code W = diag(h^-1/2)}. */
    private static final Preconditioner INVERSE_HESSIAN = new Preconditioner() {
        @Override
        public double[] toLocal(double[] point, double[] gradient) {
            return fromLocal(point, gradient);
        }

        @Override
        public double[] fromLocal(double[] point, double[] step) {
            double[] out = step.clone();
            for (int i = 0; i < out.length; i++) {
                out[i] /= Math.sqrt(CURVATURES[i]);
            }
            return out;
        }
    };

    static Stream<Named<Function<double[], Optimizer>>> preconditioned() {
        return Stream.of(
                Named.of("momentum sgd", start -> new MomentumSgd(start, 0.5, 0.9, INVERSE_HESSIAN)),
                Named.of("lbfgs", start -> new Lbfgs(start, 1, 10, INVERSE_HESSIAN)));
    }

    /** With the inverse Hessian as preconditioner, a condition number of 1e6 costs no more than 1. */
    @ParameterizedTest
    @MethodSource("preconditioned")
    void preconditioningRemovesIllConditioning(Function<double[], Optimizer> create) {
        int[] evaluations = {0};
        DifferentiableFunction f = (x, g) -> {
            evaluations[0]++;
            double value = 0;
            for (int i = 0; i < x.length; i++) {
                g[i] = CURVATURES[i] * (x[i] - 1);
                value += g[i] * (x[i] - 1) / 2;
            }
            return value;
        };
        double[] x = Optimizer.minimize(create.apply(new double[3]), f, 1000, 1e-6);
        assertClose(new double[] {1, 1, 1}, x, 1e-9, "minimizer");
        assertTrue(evaluations[0] <= 100, evaluations[0] + " evaluations");
    }

    @Test
    void lbfgsMinimizesRosenbrock() {
        int[] evaluations = {0};
        DifferentiableFunction counted = (x, g) -> {
            evaluations[0]++;
            return rosenbrock(x, g);
        };
        double[] x = Optimizer.minimize(new Lbfgs(new double[] {-1.2, 1}, 1, 10), counted, 10_000, 1e-9);
        assertClose(new double[] {1, 1}, x, 1e-6, "minimizer");
        assertTrue(evaluations[0] <= 200, evaluations[0] + " evaluations");
    }

    @ParameterizedTest
    @MethodSource("firstOrder")
    void nonFiniteLossUndoesTheStepAndRetakesItAtHalfTheRate(Function<double[], Optimizer> create) {
        double[] start = {1, -1, 2};
        Optimizer optimizer = create.apply(start);
        double rate = optimizer.learningRate();
        double[] gradient = new double[3];
        assertEquals(Outcome.ACCEPTED, optimizer.tell(quadratic(start, gradient), gradient));
        double rejectedDistance = distance(start, optimizer.point());
        assertEquals(Outcome.REJECTED, optimizer.tell(Double.NaN, new double[3]));
        assertEquals(rate / 2, optimizer.learningRate());
        // The first step of either method is linear in the rate: the retaken one is half as long.
        assertEquals(rejectedDistance / 2, distance(start, optimizer.point()), 1e-12 * rejectedDistance);
    }

    @Test
    void adamRetakesShrinkToNothing() {
        assertRetakesShrinkToNothing(new Adam(new double[3], 0.1));
    }

    @Test
    void momentumSgdRetakesShrinkToNothing() {
        assertRetakesShrinkToNothing(new MomentumSgd(new double[3], 0.1, 0.9));
    }

    @ParameterizedTest
    @ValueSource(doubles = {1e-2, 1, 1e100})
    void adamFirstStepIsTheRateWhateverTheGradientScale(double scale) {
        assertAdamStepsAreTheRate(scale);
    }

    @Test
    void adamSurvivesAGradientWhoseSquareOverflows() {
        assertAdamStepsAreTheRate(1e160);
    }

    /**
     * f = x^2 / 2 from 1 at rate 0.5 and momentum 0.9: steps to 0.5 and -0.2; there the gradient
     * -0.2 points along the last step -0.7, so the momentum restarts and the step is -0.5 * -0.2.
     */
    @Test
    void momentumSgdRestartsWhenTheGradientPointsAlongTheStep() {
        MomentumSgd sgd = new MomentumSgd(new double[] {1}, 0.5, 0.9);
        for (double x : new double[] {1, 0.5, -0.2}) {
            assertEquals(x, sgd.point()[0], 1e-15);
            sgd.tell(x * x / 2, new double[] {x});
        }
        assertEquals(-0.1, sgd.point()[0], 1e-15);
    }

    /** After momentum builds up, a restart goes back to the given point and takes one plain step from there. */
    @ParameterizedTest
    @MethodSource("all")
    void restartTakesOnePlainStepFromThePointGiven(Function<double[], Optimizer> create) {
        Optimizer optimizer = create.apply(new double[] {0, 0});
        double[] gradient = {-3, 4};
        for (int i = 0; i < 5; i++) {
            optimizer.tell(-Optimizer.norm(optimizer.point()), gradient);
        }
        double rate = optimizer.learningRate();
        double[] from = {10, 20};
        double[] at = {0.5, -1};
        optimizer.restart(from, 7, at);
        double[] step = {optimizer.point()[0] - from[0], optimizer.point()[1] - from[1]};
        // Along the negative gradient: Adam's is the rate times the gradient over the root of the
        // second moment, which it keeps; SGD's the rate times the gradient (L-BFGS's first step is
        // the rate along the unit gradient).
        double[] expected = optimizer instanceof Adam
                ? adamStepAfterRestart(rate, gradient, 5, at)
                : optimizer instanceof MomentumSgd
                        ? new double[] {-rate * at[0], -rate * at[1]}
                        : new double[] {-at[0] / Optimizer.norm(at), -at[1] / Optimizer.norm(at)};
        assertClose(expected, step, 1e-7, "step after the restart");
    }

    /** Adam's step from a restart with gradient {@code at}, after {@code told} updates with {@code gradient}. */
    private static double[] adamStepAfterRestart(double rate, double[] gradient, int told, double[] at) {
        double[] step = new double[at.length];
        for (int i = 0; i < at.length; i++) {
            double v = 0;
            for (int t = 0; t < told; t++) {
                v = Adam.BETA2 * v + (1 - Adam.BETA2) * gradient[i] * gradient[i];
            }
            v = Adam.BETA2 * v + (1 - Adam.BETA2) * at[i] * at[i];
            double corrected = v / (1 - Math.pow(Adam.BETA2, told + 1));
            step[i] = -rate * at[i] / (Math.sqrt(corrected) + Adam.EPSILON);
        }
        return step;
    }

    @ParameterizedTest
    @MethodSource("all")
    void nonFiniteLossAtTheStartThrows(Function<double[], Optimizer> create) {
        Optimizer optimizer = create.apply(new double[3]);
        assertThrows(IllegalStateException.class, () -> optimizer.tell(Double.NaN, new double[3]));
    }

    @Test
    void lbfgsBacksOffFromWhereTheLossIsNotFinite() {
        // (x - 1)^2, not finite from 1.5 on; the first trial step of length 5 lands there.
        DifferentiableFunction f = (x, g) -> {
            g[0] = x[0] < 1.5 ? 2 * (x[0] - 1) : Double.NaN;
            return x[0] < 1.5 ? (x[0] - 1) * (x[0] - 1) : Double.NaN;
        };
        Recording optimizer = new Recording(new Lbfgs(new double[] {0}, 10, 10));
        double[] x = Optimizer.minimize(optimizer, f, 1000, 1e-12);
        assertEquals(1, x[0], 1e-6);
        assertTrue(optimizer.outcomes.contains(Outcome.REJECTED), "outcomes " + optimizer.outcomes);
    }

    /**
     * Builds up momentum with a constant gradient, then rejects 60 retakes in a row: the retaken
     * point must approach the previous iterate as the rate halves.
     */
    private static void assertRetakesShrinkToNothing(Optimizer optimizer) {
        double[] gradient = {-1, 0.5, 2};
        double[] iterate = null;
        for (int i = 0; i < 10; i++) {
            iterate = optimizer.point().clone();
            assertEquals(Outcome.ACCEPTED, optimizer.tell(1, gradient));
        }
        double rejected = distance(iterate, optimizer.point());
        for (int i = 0; i < 60; i++) {
            assertEquals(Outcome.REJECTED, optimizer.tell(Double.NaN, gradient));
        }
        assertTrue(
                distance(iterate, optimizer.point()) <= 1e-12 * rejected,
                "still " + distance(iterate, optimizer.point()) + " from the iterate, the rejected step was "
                        + rejected);
    }

    /**
     * Adam's first step moves each coordinate by the rate against the gradient's sign, whatever the
     * gradient's scale, and a following unit gradient moves it further.
     */
    private static void assertAdamStepsAreTheRate(double scale) {
        Adam adam = new Adam(new double[2], 0.1);
        adam.tell(1, new double[] {scale, -scale});
        assertClose(new double[] {-0.1, 0.1}, adam.point(), 1e-6, "first step");
        adam.tell(1, new double[] {1, -1});
        assertTrue(
                adam.point()[0] < -0.1 - 1e-6 && adam.point()[1] > 0.1 + 1e-6,
                "second step moved " + Arrays.toString(adam.point()));
    }

    private static double quadratic(double[] x, double[] gradient) {
        double f = 0;
        for (int i = 0; i < x.length; i++) {
            gradient[i] = -B[i];
            for (int j = 0; j < x.length; j++) {
                gradient[i] += A[i][j] * x[j];
            }
            f += x[i] * (gradient[i] - B[i]) / 2;
        }
        return f;
    }

    private static double rosenbrock(double[] x, double[] gradient) {
        double a = 1 - x[0];
        double b = x[1] - x[0] * x[0];
        gradient[0] = -2 * a - 400 * x[0] * b;
        gradient[1] = 200 * b;
        return a * a + 100 * b * b;
    }

    /** The solution of a 3 x 3 system by Cramer's rule. */
    private static double[] solveByCramer(double[][] a, double[] b) {
        double det = determinant(a);
        double[] x = new double[3];
        for (int k = 0; k < 3; k++) {
            double[][] replaced = new double[3][];
            for (int i = 0; i < 3; i++) {
                replaced[i] = a[i].clone();
                replaced[i][k] = b[i];
            }
            x[k] = determinant(replaced) / det;
        }
        return x;
    }

    private static double determinant(double[][] m) {
        return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
                - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
    }

    private static double distance(double[] a, double[] b) {
        double[] difference = a.clone();
        for (int i = 0; i < a.length; i++) {
            difference[i] -= b[i];
        }
        return Optimizer.norm(difference);
    }

    /** An optimizer that records what each of its tells did. */
    private static final class Recording implements Optimizer {
        private final Optimizer inner;
        private final List<Outcome> outcomes = new ArrayList<>();

        Recording(Optimizer inner) {
            this.inner = inner;
        }

        @Override
        public double[] point() {
            return inner.point();
        }

        @Override
        public Outcome tell(double loss, double[] gradient) {
            Outcome outcome = inner.tell(loss, gradient);
            outcomes.add(outcome);
            return outcome;
        }

        @Override
        public double learningRate() {
            return inner.learningRate();
        }

        @Override
        public void slowDown() {
            inner.slowDown();
        }

        @Override
        public void restart(double[] from, double loss, double[] gradient) {
            inner.restart(from, loss, gradient);
        }
    }
}

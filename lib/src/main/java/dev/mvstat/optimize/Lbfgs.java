package dev.mvstat.optimize;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * Limited-memory BFGS (Liu and Nocedal, "On the limited memory BFGS method for large scale
 * optimization", Mathematical Programming 45, 1989) for full-batch losses: the two-loop recursion
 * with the initial scaling {@code s^T y / y^T y}, or {@code (s^T y / y^T P y) P} with a
 * {@link Preconditioner} P (Nocedal and Wright, Numerical Optimization, 2nd
 * ed., algorithms 7.4 and 7.5), and a backtracking line search with the Armijo condition
 * ({@code c1 = 1e-4}) and safeguarded quadratic interpolation (ibid., section 3.5). Near the
 * optimum a step's decrease falls below the loss's rounding and the Armijo test turns to noise;
 * a step is then also accepted on Hager and Zhang's approximate Wolfe conditions, which read the
 * slope at the trial instead ("A new conjugate gradient method with guaranteed descent and an
 * efficient line search", SIAM J. Optim. 16, 2005, section 4): {@code (2 delta - 1) phi'(0) >=
 * phi'(a) >= sigma phi'(0)} with the loss within {@code epsilon |phi(0)|} of the start. A pair whose
 * curvature {@code s^T y} is not positive is not stored, so the implied Hessian stays positive
 * definite; a trial with a loss that is not finite halves the step.
 */
public final class Lbfgs implements Optimizer {

    public static final int DEFAULT_MEMORY = 10;
    private static final double ARMIJO = 1e-4;
    private static final double MIN_STEP = 1e-20;
    /** Hager and Zhang's delta and sigma, and the relative rise of the loss their conditions allow. */
    private static final double WOLFE_DELTA = 0.1;

    private static final double WOLFE_SIGMA = 0.9;
    private static final double WOLFE_EPSILON = 1e-10;

    private final int memory;
    private final double firstStep;
    private final Preconditioner preconditioner;
    private final Deque<double[][]> pairs = new ArrayDeque<>();
    private double[] x;
    private double fx = Double.NaN;
    private double[] gx;
    private double[] direction;
    private double slope;
    private double step;
    private double lastStep;
    private double[] trial;

    /**
     * @param start     the starting point; copied
     * @param firstStep the length of the first step, taken along the normalised negative gradient
     * @param memory    the number of correction pairs kept
     */
    public Lbfgs(double[] start, double firstStep, int memory) {
        this(start, firstStep, memory, Preconditioner.IDENTITY);
    }

    /**
     * @param start          the starting point; copied
     * @param firstStep      the length of the first step, taken along the normalised negative
     *                       preconditioned gradient
     * @param memory         the number of correction pairs kept
     * @param preconditioner the initial inverse-Hessian approximation at each iterate, scaled by
     *                       {@code s^T y / y^T P y} of the newest pair
     */
    public Lbfgs(double[] start, double firstStep, int memory, Preconditioner preconditioner) {
        if (!(firstStep > 0) || Double.isInfinite(firstStep)) {
            throw new IllegalArgumentException("first step must be positive and finite, got " + firstStep);
        }
        if (memory < 1) {
            throw new IllegalArgumentException("memory must be at least 1, got " + memory);
        }
        this.memory = memory;
        this.firstStep = firstStep;
        this.preconditioner = preconditioner;
        this.x = start.clone();
        this.trial = x;
        this.lastStep = firstStep;
    }

    @Override
    public double[] point() {
        return trial;
    }

    @Override
    public Outcome tell(double loss, double[] gradient) {
        boolean finite = Double.isFinite(loss) && FirstOrderStep.allFinite(gradient);
        if (gx == null) {
            if (!finite) {
                throw new IllegalStateException("the loss at the starting point is not finite: " + loss);
            }
            accept(loss, gradient);
            return Outcome.ACCEPTED;
        }
        if (finite && (loss <= fx + ARMIJO * step * slope || approximatelyWolfe(loss, gradient))) {
            double[] s = new double[x.length];
            double[] y = new double[x.length];
            double sy = 0;
            for (int i = 0; i < x.length; i++) {
                s[i] = trial[i] - x[i];
                y[i] = gradient[i] - gx[i];
                sy += s[i] * y[i];
            }
            if (sy > 0) {
                pairs.addLast(new double[][] {s, y, {1 / sy}});
                if (pairs.size() > memory) {
                    pairs.removeFirst();
                }
            }
            lastStep = step;
            accept(loss, gradient);
            return Outcome.ACCEPTED;
        }
        double shorter = finite ? -slope * step * step / (2 * (loss - fx - slope * step)) : step / 2;
        step = Math.min(Math.max(shorter, step / 10), step / 2);
        if (step < MIN_STEP) {
            if (pairs.isEmpty()) {
                trial = x;
                return Outcome.STALLED;
            }
            pairs.clear();
            newDirection();
            return finite ? Outcome.BACKTRACKED : Outcome.REJECTED;
        }
        moveTrial();
        return finite ? Outcome.BACKTRACKED : Outcome.REJECTED;
    }

    /** Whether the trial meets the approximate Wolfe conditions (see the class comment). */
    private boolean approximatelyWolfe(double loss, double[] gradient) {
        double trialSlope = dot(gradient, direction);
        return loss <= fx + WOLFE_EPSILON * Math.abs(fx)
                && trialSlope <= (2 * WOLFE_DELTA - 1) * slope
                && trialSlope >= WOLFE_SIGMA * slope;
    }

    private void accept(double loss, double[] gradient) {
        x = trial;
        fx = loss;
        gx = gradient.clone();
        newDirection();
    }

    /**
     * The two-loop recursion for {@code -H g} with {@code H0 = gamma P(x)}, falling back to the
     * preconditioned steepest descent {@code -P(x) g} without pairs or descent.
     */
    private void newDirection() {
        double[] q = gx.clone();
        int k = pairs.size();
        double[] alpha = new double[k];
        Iterator<double[][]> newest = pairs.descendingIterator();
        for (int i = k - 1; i >= 0; i--) {
            double[][] pair = newest.next();
            alpha[i] = pair[2][0] * dot(pair[0], q);
            axpy(-alpha[i], pair[1], q);
        }
        q = preconditioner.apply(x, q);
        if (k > 0) {
            double[][] last = pairs.peekLast();
            double gamma = 1 / (last[2][0] * dot(last[1], preconditioner.apply(x, last[1])));
            for (int i = 0; i < q.length; i++) {
                q[i] *= gamma;
            }
        }
        int i = 0;
        for (double[][] pair : pairs) {
            double beta = pair[2][0] * dot(pair[1], q);
            axpy(alpha[i++] - beta, pair[0], q);
        }
        direction = negated(q);
        slope = dot(gx, direction);
        if (k == 0 || !(slope < 0)) {
            pairs.clear();
            direction = negated(preconditioner.apply(x, gx));
            slope = dot(gx, direction);
            step = firstStep / Math.max(1, Math.sqrt(-slope));
        } else {
            step = 1;
        }
        moveTrial();
    }

    private static double[] negated(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = -v[i];
        }
        return out;
    }

    private void moveTrial() {
        trial = x.clone();
        axpy(step, direction, trial);
    }

    @Override
    public double learningRate() {
        return lastStep;
    }

    /** Halves the pending trial step. */
    @Override
    public void slowDown() {
        step /= 2;
        moveTrial();
    }

    @Override
    public void restart(double[] from, double loss, double[] gradient) {
        pairs.clear();
        trial = from.clone();
        accept(loss, gradient);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] += a * x[i];
        }
    }
}

package dev.mvstat.gaussian;

import dev.mvstat.linalg.Cholesky;
import dev.mvstat.linalg.TriangularSolve;

import java.io.Serial;
import java.io.Serializable;

/**
 * The negative log-likelihood of a batch of rows under a {@link CholeskyGaussian} and its exact
 * gradient in the unconstrained parameters, summed over the rows: partial sums from different
 * rows add up ({@link #plus}).
 *
 * <p>With residuals {@code R = Y - mu} (d x n) and {@code Z = L^-1 R}:
 * {@code NLL = (n d / 2) log 2 pi + n sum_i log L_ii + |Z|_F^2 / 2},
 * {@code dNLL/dmu = -L^-T Z 1}, {@code dNLL/dL = tril(L^-T (n I - Z Z^T))}, and
 * {@code dNLL/d(log L_ii) = L_ii dNLL/dL_ii}. Both are computed from the residual sums
 * {@code R 1} and {@code R R^T}, since {@code Z 1 = L^-1 R 1} and
 * {@code Z Z^T = L^-1 (R R^T) L^-T}: O(d^3) work however many rows the sums hold.
 *
 * <p>The sums {@code Z 1} and {@code Z Z^T} are kept too: the maximum-likelihood conditions
 * (zero gradient) say exactly that the whitened residuals have mean 0 and second moment I, which
 * {@link #stationarity()} measures in units free of the data's scale.
 *
 * <p>A class rather than a record: Spark's Kryo serializer cannot build records.
 */
public final class Likelihood implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private static final double LOG_2PI = Math.log(2 * Math.PI);

    /** The rows' total weight: their number, or the sum of their weights when weighted. */
    private final double weight;
    /** Their negative log-likelihood (natural log). */
    private final double nll;
    /** Its gradient, laid out as {@link CholeskyGaussian#parameters()}. */
    private final double[] gradient;
    /** {@code Z 1}, length d. */
    private final double[] zSum;
    /** {@code Z Z^T}, row-major d x d. */
    private final double[] zGram;

    private Likelihood(double weight, double nll, double[] gradient, double[] zSum, double[] zGram) {
        this.weight = weight;
        this.nll = nll;
        this.gradient = gradient;
        this.zSum = zSum;
        this.zGram = zGram;
    }

    /** The rows' number, or their total weight when weighted. */
    public double weight() {
        return weight;
    }

    public double nll() {
        return nll;
    }

    /** The gradient of {@link #nll()}; callers must not modify it. */
    public double[] gradient() {
        return gradient;
    }

    /**
     * The likelihood of n rows from their residual sums; with weighted rows (each row's NLL counted
     * w times) n is the total weight and the sums are weighted: {@code R W 1} and {@code R W R^T}.
     *
     * @param model         the Gaussian
     * @param n             the number of rows, or their total weight
     * @param residualSum   {@code R 1}, length d
     * @param residualGram  {@code R R^T}, row-major d x d, symmetric
     * @return the summed NLL and gradient
     */
    public static Likelihood of(CholeskyGaussian model, double n, double[] residualSum, double[] residualGram) {
        int d = model.dimension();
        double[] l = model.cholesky();
        double[] m = residualGram.clone();
        TriangularSolve.forwardColumns(l, d, m, d);
        transposeInPlace(m, d);
        TriangularSolve.forwardColumns(l, d, m, d);
        double[] zGram = m.clone();
        double trace = 0;
        for (int i = 0; i < d; i++) {
            trace += m[i * d + i];
        }
        double nll = n * (0.5 * d * LOG_2PI + model.logDiagonalSum()) + 0.5 * trace;

        double[] gradient = new double[CholeskyGaussian.parameterCount(d)];
        double[] w = residualSum.clone();
        TriangularSolve.forwardColumns(l, d, w, 1);
        double[] zSum = w.clone();
        TriangularSolve.backwardTransposedColumns(l, d, w, 1);
        for (int i = 0; i < d; i++) {
            gradient[i] = -w[i];
        }
        for (int i = 0; i < d * d; i++) {
            m[i] = -m[i];
        }
        for (int i = 0; i < d; i++) {
            m[i * d + i] += n;
        }
        TriangularSolve.backwardTransposedColumns(l, d, m, d);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < i; j++) {
                gradient[CholeskyGaussian.factorIndex(d, i, j)] = m[i * d + j];
            }
            gradient[CholeskyGaussian.factorIndex(d, i, i)] = m[i * d + i] * l[i * d + i];
        }
        return new Likelihood(n, nll, gradient, zSum, zGram);
    }

    /** The sum of two partial sums over disjoint rows under the same model. */
    public Likelihood plus(Likelihood other) {
        return new Likelihood(
                weight + other.weight,
                nll + other.nll,
                add(gradient, other.gradient),
                add(zSum, other.zSum),
                add(zGram, other.zGram));
    }

    /** The same sums with {@code shift} added to the NLL (a log-Jacobian for a change of units). */
    public Likelihood withNllShift(double shift) {
        return new Likelihood(weight, nll + shift, gradient, zSum, zGram);
    }

    private static double[] add(double[] a, double[] b) {
        double[] s = a.clone();
        for (int i = 0; i < s.length; i++) {
            s[i] += b[i];
        }
        return s;
    }

    /**
     * How far the rows are from making this model their maximum-likelihood Gaussian:
     * {@code sqrt(|mean z|^2 + |I - mean z z^T|_F^2)} over the whitened residuals z, zero exactly
     * at the optimum. Near it, the mean-NLL gap to the optimum is about half its square.
     */
    public double stationarity() {
        int d = zSum.length;
        double s = 0;
        for (int i = 0; i < d; i++) {
            double mean = zSum[i] / weight;
            s += mean * mean;
            for (int j = 0; j < d; j++) {
                double e = (i == j ? 1 : 0) - zGram[i * d + j] / weight;
                s += e * e;
            }
        }
        return Math.sqrt(s);
    }

    /**
     * The natural-gradient step of rate 1 from {@code model} on these rows, as a change of its
     * parameters: the model that makes these rows' whitened residuals z have mean 0 and second
     * moment I, i.e. their maximum-likelihood Gaussian (Amari 1998; for an exponential family the
     * natural-gradient step moves the expectation parameters toward the data's, here all the way).
     * In z the step goes from N(0, I) to N(m, S - m m^T) for the mean m and second moment S of z;
     * mapped back, mean {@code mu + L m} and factor {@code L chol(S - m m^T)}.
     *
     * @return the new parameters minus the model's, in {@link CholeskyGaussian#parameters()} layout
     */
    public double[] naturalStep(CholeskyGaussian model) {
        int d = zSum.length;
        double[] m = new double[d];
        for (int i = 0; i < d; i++) {
            m[i] = zSum[i] / weight;
        }
        double[] cov = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                cov[i * d + j] = zGram[i * d + j] / weight - m[i] * m[j];
            }
        }
        Cholesky c = Cholesky.factor(cov, d, 0);
        if (!c.isPositiveDefinite()) {
            return new double[CholeskyGaussian.parameterCount(d)];
        }
        CholeskyGaussian next = CholeskyGaussian.of(m, c.lower()).transformed(model.mean(), model.cholesky());
        double[] from = model.parameters();
        double[] to = next.parameters();
        for (int i = 0; i < to.length; i++) {
            to[i] -= from[i];
        }
        return to;
    }

    /** The NLL per row. */
    public double meanNll() {
        return nll / weight;
    }

    /** The gradient of the NLL per row. */
    public double[] meanGradient() {
        double[] g = gradient.clone();
        for (int i = 0; i < g.length; i++) {
            g[i] /= weight;
        }
        return g;
    }

    private static void transposeInPlace(double[] a, int d) {
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < i; j++) {
                double t = a[i * d + j];
                a[i * d + j] = a[j * d + i];
                a[j * d + i] = t;
            }
        }
    }
}

package dev.mvstat.gaussian;

import dev.mvstat.linalg.TriangularSolve;

import java.io.Serial;
import java.io.Serializable;
import java.util.Arrays;

/**
 * A multivariate normal {@code N(mu, L L^T)} parameterised by its mean and a lower-triangular
 * Cholesky factor with a positive diagonal, and its unconstrained parameter vector: the mean, then
 * the rows of L's lower triangle with each diagonal entry replaced by its logarithm (the
 * log-Cholesky parameterisation; Pinheiro and Bates, "Unconstrained parametrizations for
 * variance-covariance matrices", Statistics and Computing 6, 1996). Every finite vector is a valid
 * Gaussian, so no optimizer step can leave the positive-definite cone.
 */
public final class CholeskyGaussian implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private final int d;
    private final double[] mean;
    private final double[] lower;
    /** {@code -(d log 2 pi) / 2 - sum_i log L_ii}, the log-density at the mean. */
    private final double logDensityAtMean;

    private CholeskyGaussian(double[] mean, double[] lower) {
        this.d = mean.length;
        this.mean = mean;
        this.lower = lower;
        this.logDensityAtMean = -0.5 * d * LOG_2PI - logDiagonalSum();
    }

    /**
     * @param mean  the mean, length d; copied
     * @param lower L, row-major d x d; entries above the diagonal are ignored; copied
     * @throws IllegalArgumentException if the lengths disagree or a diagonal entry is not positive and finite
     */
    public static CholeskyGaussian of(double[] mean, double[] lower) {
        int d = mean.length;
        if (d == 0 || lower.length != d * d) {
            throw new IllegalArgumentException(
                    "expected a mean of d > 0 values and a d x d factor, got " + d + " and " + lower.length);
        }
        double[] l = new double[d * d];
        for (int i = 0; i < d; i++) {
            double diagonal = lower[i * d + i];
            if (!(diagonal > 0) || Double.isInfinite(diagonal)) {
                throw new IllegalArgumentException(
                        "Cholesky diagonal entry " + i + " must be positive and finite, got " + diagonal);
            }
            System.arraycopy(lower, i * d, l, i * d, i + 1);
        }
        return new CholeskyGaussian(mean.clone(), l);
    }

    /** The standard normal in d dimensions: zero mean, identity factor. */
    public static CholeskyGaussian standard(int d) {
        double[] l = new double[d * d];
        for (int i = 0; i < d; i++) {
            l[i * d + i] = 1;
        }
        return new CholeskyGaussian(new double[d], l);
    }

    /** The number of unconstrained parameters in d dimensions: {@code d + d (d + 1) / 2}. */
    public static int parameterCount(int d) {
        return d + d * (d + 1) / 2;
    }

    /** The index of {@code L[i][j]} (j &lt;= i) in the parameter vector. */
    static int factorIndex(int d, int i, int j) {
        return d + i * (i + 1) / 2 + j;
    }

    /**
     * The Gaussian of an unconstrained parameter vector.
     *
     * @param d          the dimension
     * @param parameters {@link #parameterCount(int)} values, laid out as {@link #parameters()} returns them
     */
    public static CholeskyGaussian fromParameters(int d, double[] parameters) {
        if (parameters.length != parameterCount(d)) {
            throw new IllegalArgumentException(
                    "expected " + parameterCount(d) + " parameters for dimension " + d + ", got " + parameters.length);
        }
        double[] l = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < i; j++) {
                l[i * d + j] = parameters[factorIndex(d, i, j)];
            }
            l[i * d + i] = Math.exp(parameters[factorIndex(d, i, i)]);
        }
        return new CholeskyGaussian(Arrays.copyOf(parameters, d), l);
    }

    /** The unconstrained parameter vector: mean, then L's lower triangle by rows with log diagonal. */
    public double[] parameters() {
        double[] p = new double[parameterCount(d)];
        System.arraycopy(mean, 0, p, 0, d);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < i; j++) {
                p[factorIndex(d, i, j)] = lower[i * d + j];
            }
            p[factorIndex(d, i, i)] = Math.log(lower[i * d + i]);
        }
        return p;
    }

    public int dimension() {
        return d;
    }

    /** The mean, a copy. */
    public double[] mean() {
        return mean.clone();
    }

    /** L, row-major d x d with zeros above the diagonal, a copy. */
    public double[] cholesky() {
        return lower.clone();
    }

    /** {@code L L^T}, row-major d x d. */
    public double[] covariance() {
        double[] c = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int k = 0; k <= j; k++) {
                    s += lower[i * d + k] * lower[j * d + k];
                }
                c[i * d + j] = s;
                c[j * d + i] = s;
            }
        }
        return c;
    }

    /** {@code sum_i log L_ii}, half the log-determinant of the covariance. */
    public double logDiagonalSum() {
        double s = 0;
        for (int i = 0; i < d; i++) {
            s += Math.log(lower[i * d + i]);
        }
        return s;
    }

    /**
     * The log-density at x: {@code -(d log 2 pi + 2 sum_i log L_ii + |z|^2) / 2} with
     * {@code z = L^-1 (x - mu)} by forward substitution, no inverse formed.
     *
     * @param x d values
     */
    public double logDensity(double[] x) {
        if (x.length != d) {
            throw new IllegalArgumentException("expected " + d + " values, got " + x.length);
        }
        double[] z = new double[d];
        for (int i = 0; i < d; i++) {
            z[i] = x[i] - mean[i];
        }
        TriangularSolve.forwardColumns(lower, d, z, 1);
        double squared = 0;
        for (double v : z) {
            squared += v * v;
        }
        return logDensityOfSquaredDistance(squared);
    }

    /**
     * The log-density at a point whose squared Mahalanobis distance to the mean is known (for
     * instance from a block solve): {@code -(d log 2 pi + 2 sum_i log L_ii + q) / 2}.
     *
     * @param squaredDistance {@code q = |L^-1 (x - mu)|^2}
     */
    public double logDensityOfSquaredDistance(double squaredDistance) {
        return logDensityAtMean - 0.5 * squaredDistance;
    }

    /** Whether every parameter is finite and L's diagonal is positive. */
    public boolean isFinite() {
        for (double v : mean) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                if (!Double.isFinite(lower[i * d + j])) {
                    return false;
                }
            }
            if (!(lower[i * d + i] > 0)) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param offset a value per column; not modified
     * @return the law of {@code offset + y} for y of this law: the mean moved, the same factor
     *         (undoes a pivot subtracted from the rows before fitting)
     */
    public CholeskyGaussian translated(double[] offset) {
        double[] ones = new double[d];
        Arrays.fill(ones, 1);
        return affine(offset, ones);
    }

    /**
     * The law of {@code center + scale * y} for y of this law: mean {@code center + scale mu} and
     * factor {@code diag(scale) L}, still lower triangular with a positive diagonal.
     */
    public CholeskyGaussian affine(double[] center, double[] scale) {
        double[] m = new double[d];
        double[] l = new double[d * d];
        for (int i = 0; i < d; i++) {
            m[i] = center[i] + scale[i] * mean[i];
            for (int j = 0; j <= i; j++) {
                l[i * d + j] = scale[i] * lower[i * d + j];
            }
        }
        return new CholeskyGaussian(m, l);
    }

    /**
     * The law of {@code center + F y} for y of this law and a lower-triangular F with a positive
     * diagonal: mean {@code center + F mu} and factor {@code F L}, lower triangular with a positive
     * diagonal.
     *
     * @param factor F, row-major d x d
     */
    public CholeskyGaussian transformed(double[] center, double[] factor) {
        double[] m = center.clone();
        double[] l = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int k = 0; k <= i; k++) {
                double f = factor[i * d + k];
                m[i] += f * mean[k];
                for (int j = 0; j <= k; j++) {
                    l[i * d + j] += f * lower[k * d + j];
                }
            }
        }
        return new CholeskyGaussian(m, l);
    }

    /** Mean per-row negative log-likelihood of data with this sample mean and covariance (denominator n). */
    public double meanNll(double[] sampleMean, double[] sampleCovariance) {
        double[] gram = sampleCovariance.clone();
        double[] shift = new double[d];
        for (int i = 0; i < d; i++) {
            shift[i] = sampleMean[i] - mean[i];
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                gram[i * d + j] += shift[i] * shift[j];
            }
        }
        return Likelihood.of(this, 1, shift, gram).nll();
    }
}

package dev.mvstat.gaussian;

import dev.mvstat.optimize.Preconditioner;

/**
 * The inverse Fisher information of {@link CholeskyGaussian}'s log-Cholesky parameters, per row:
 * gradients of a mean NLL become natural gradients (Amari, "Natural gradient works efficiently in
 * learning", Neural Computation 10, 1998), whose steps do not depend on how the columns correlate.
 *
 * <p>In the coordinates {@code (b, A)} of a change {@code d mu = L b}, {@code dL = L A} (A lower
 * triangular) the Fisher metric is diagonal: {@code |b|^2 + sum_{i > j} A_ij^2 + 2 sum_i A_ii^2},
 * since {@code d Sigma = L (A + A^T) L^T} and the metric of the covariance is
 * {@code tr((Sigma^-1 d Sigma)^2) / 2}. A gradient g therefore maps to {@code b = L^T g_mu} and
 * {@code A = tril(L^T G)} (G the gradient in L, the log-diagonal's entries divided by
 * {@code L_ii}), each coordinate divided by the square root of its weight to give the local
 * coordinates ({@link #toLocal}), and a step there maps back as {@code d mu = L b},
 * {@code dL = L A} after the same division, {@code d log L_ii = dL_ii / L_ii}
 * ({@link #fromLocal}). O(d^3); at the maximum-likelihood answer the Fisher information is the
 * NLL's Hessian, so {@code -P g} is Newton's step there.
 */
public final class FisherPreconditioner implements Preconditioner {

    /** {@code 1 / sqrt 2}: the local coordinates' scale of a log-diagonal entry. */
    private static final double HALF_SQRT2 = Math.sqrt(0.5);

    private final int d;

    /** @param d the Gaussian's dimension */
    public FisherPreconditioner(int d) {
        this.d = d;
    }

    /**
     * {@code W^T g}: {@code b = L^T g_mu}, then {@code A = tril(L^T G)} with the diagonal divided
     * by {@code sqrt 2}, laid out as the parameters are (b, then A's lower triangle by rows).
     */
    @Override
    public double[] toLocal(double[] point, double[] gradient) {
        double[] l = CholeskyGaussian.fromParameters(d, point).cholesky();
        double[] out = new double[gradient.length];
        for (int i = 0; i < d; i++) {
            for (int k = i; k < d; k++) {
                out[i] += l[k * d + i] * gradient[k];
            }
        }
        double[] g = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < i; j++) {
                g[i * d + j] = gradient[CholeskyGaussian.factorIndex(d, i, j)];
            }
            g[i * d + i] = gradient[CholeskyGaussian.factorIndex(d, i, i)] / l[i * d + i];
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int k = i; k < d; k++) {
                    s += l[k * d + i] * g[k * d + j];
                }
                out[CholeskyGaussian.factorIndex(d, i, j)] = i == j ? s * HALF_SQRT2 : s;
            }
        }
        return out;
    }

    /** {@code W s}: {@code d mu = L b}, {@code dL = L A} with A's diagonal divided by {@code sqrt 2}. */
    @Override
    public double[] fromLocal(double[] point, double[] step) {
        double[] l = CholeskyGaussian.fromParameters(d, point).cholesky();
        double[] out = new double[step.length];
        for (int i = 0; i < d; i++) {
            for (int k = 0; k <= i; k++) {
                out[i] += l[i * d + k] * step[k];
            }
        }
        double[] a = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double v = step[CholeskyGaussian.factorIndex(d, i, j)];
                a[i * d + j] = i == j ? v * HALF_SQRT2 : v;
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int k = j; k <= i; k++) {
                    s += l[i * d + k] * a[k * d + j];
                }
                out[CholeskyGaussian.factorIndex(d, i, j)] = i == j ? s / l[i * d + i] : s;
            }
        }
        return out;
    }
}

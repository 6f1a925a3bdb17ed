package dev.mvstat.mixture;

import dev.mvstat.gaussian.CholeskyGaussian;

import java.io.Serial;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * A mixture {@code sum_k w_k N(mu_k, L_k L_k^T)} of K full-covariance Gaussians, each a
 * {@link CholeskyGaussian}, and its unconstrained parameter vector: K weight logits (the weights
 * are their softmax), then each component's log-Cholesky parameters. Every finite vector is a
 * valid mixture.
 */
public final class GaussianMixture implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The weight logits, as given: the weights are their softmax. */
    private final double[] logits;
    /** {@code log w_k}, the logits normalized: their exponentials sum to 1. */
    private final double[] logWeights;

    private final CholeskyGaussian[] components;

    private GaussianMixture(double[] logits, CholeskyGaussian[] components) {
        this.logits = logits;
        this.logWeights = normalized(logits);
        this.components = components;
    }

    /**
     * @param weights    K positive weights, normalized here
     * @param components K Gaussians of one dimension
     * @throws IllegalArgumentException if the counts or dimensions disagree or a weight is not positive and finite
     */
    public static GaussianMixture of(double[] weights, List<CholeskyGaussian> components) {
        if (weights.length == 0 || weights.length != components.size()) {
            throw new IllegalArgumentException(
                    "expected K > 0 weights and components, got " + weights.length + " and " + components.size());
        }
        double[] logits = new double[weights.length];
        for (int k = 0; k < weights.length; k++) {
            if (!(weights[k] > 0) || Double.isInfinite(weights[k])) {
                throw new IllegalArgumentException("weight " + k + " must be positive and finite, got " + weights[k]);
            }
            if (components.get(k).dimension() != components.get(0).dimension()) {
                throw new IllegalArgumentException("components of different dimensions");
            }
            logits[k] = Math.log(weights[k]);
        }
        return ofLogits(logits, components);
    }

    /**
     * @param logits     K finite weight logits, the weights being their softmax; copied as they are
     * @param components K Gaussians of one dimension
     * @throws IllegalArgumentException if the counts or dimensions disagree or a logit is not finite
     */
    public static GaussianMixture ofLogits(double[] logits, List<CholeskyGaussian> components) {
        if (logits.length == 0 || logits.length != components.size()) {
            throw new IllegalArgumentException(
                    "expected K > 0 logits and components, got " + logits.length + " and " + components.size());
        }
        for (int k = 0; k < logits.length; k++) {
            if (!Double.isFinite(logits[k])) {
                throw new IllegalArgumentException("logit " + k + " must be finite, got " + logits[k]);
            }
            if (components.get(k).dimension() != components.get(0).dimension()) {
                throw new IllegalArgumentException("components of different dimensions");
            }
        }
        return new GaussianMixture(logits.clone(), components.toArray(CholeskyGaussian[]::new));
    }

    /** The number of unconstrained parameters of K components in d dimensions. */
    public static int parameterCount(int k, int d) {
        return k * (1 + CholeskyGaussian.parameterCount(d));
    }

    /** The offset of component j's parameters in the parameter vector of K components. */
    static int componentOffset(int k, int d, int j) {
        return k + j * CholeskyGaussian.parameterCount(d);
    }

    /**
     * The mixture of an unconstrained parameter vector.
     *
     * @param k          the number of components
     * @param d          the dimension
     * @param parameters {@link #parameterCount(int, int)} values, laid out as {@link #parameters()} returns them
     */
    public static GaussianMixture fromParameters(int k, int d, double[] parameters) {
        if (parameters.length != parameterCount(k, d)) {
            throw new IllegalArgumentException("expected " + parameterCount(k, d) + " parameters for " + k
                    + " components of dimension " + d + ", got " + parameters.length);
        }
        CholeskyGaussian[] components = new CholeskyGaussian[k];
        int p = CholeskyGaussian.parameterCount(d);
        for (int j = 0; j < k; j++) {
            int from = componentOffset(k, d, j);
            components[j] = CholeskyGaussian.fromParameters(d, Arrays.copyOfRange(parameters, from, from + p));
        }
        return new GaussianMixture(Arrays.copyOf(parameters, k), components);
    }

    /** The parameter vector: the weight logits, then each component's parameters. */
    public double[] parameters() {
        int k = components.length;
        int d = dimension();
        double[] p = new double[parameterCount(k, d)];
        System.arraycopy(logits, 0, p, 0, k);
        for (int j = 0; j < k; j++) {
            double[] c = components[j].parameters();
            System.arraycopy(c, 0, p, componentOffset(k, d, j), c.length);
        }
        return p;
    }

    /** {@code logits - logsumexp(logits)}. */
    private static double[] normalized(double[] logits) {
        double max = Arrays.stream(logits).max().orElseThrow();
        double sum = 0;
        for (double l : logits) {
            sum += Math.exp(l - max);
        }
        double shift = max + Math.log(sum);
        double[] out = new double[logits.length];
        for (int k = 0; k < out.length; k++) {
            out[k] = logits[k] - shift;
        }
        return out;
    }

    public int components() {
        return components.length;
    }

    public int dimension() {
        return components[0].dimension();
    }

    public CholeskyGaussian component(int k) {
        return components[k];
    }

    /** The weights, summing to 1. */
    public double[] weights() {
        return Arrays.stream(logWeights).map(Math::exp).toArray();
    }

    /** The weight logits as given (the weights are their softmax). */
    public double[] logits() {
        return logits.clone();
    }

    /** The weights' logarithms. */
    public double[] logWeights() {
        return logWeights.clone();
    }

    /**
     * The log-density at x, {@code log sum_k w_k N_k(x)} by log-sum-exp, and each component's
     * posterior probability (responsibility) given x.
     *
     * @param x                d values
     * @param responsibilities receives K probabilities summing to 1; or null
     */
    public double logDensity(double[] x, double[] responsibilities) {
        double[] terms = new double[components.length];
        for (int k = 0; k < terms.length; k++) {
            terms[k] = logWeights[k] + components[k].logDensity(x);
        }
        return logSumExp(terms, responsibilities);
    }

    /**
     * {@code log sum_k exp(terms_k)}, without overflow; {@code posterior} (if not null) receives
     * {@code exp(terms_k - result)}.
     */
    static double logSumExp(double[] terms, double[] posterior) {
        double max = Double.NEGATIVE_INFINITY;
        for (double t : terms) {
            max = Math.max(max, t);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            if (posterior != null) {
                Arrays.fill(posterior, 1.0 / terms.length);
            }
            return max;
        }
        double sum = 0;
        for (double t : terms) {
            sum += Math.exp(t - max);
        }
        double result = max + Math.log(sum);
        if (posterior != null) {
            for (int k = 0; k < terms.length; k++) {
                posterior[k] = Math.exp(terms[k] - result);
            }
        }
        return result;
    }

    /** The law of {@code center + scale * y} for y of this law: each component mapped, the same weights. */
    public GaussianMixture affine(double[] center, double[] scale) {
        CholeskyGaussian[] mapped = new CholeskyGaussian[components.length];
        for (int k = 0; k < mapped.length; k++) {
            mapped[k] = components[k].affine(center, scale);
        }
        return new GaussianMixture(logits.clone(), mapped);
    }

    /** Whether every weight and component is finite. */
    public boolean isFinite() {
        for (int k = 0; k < components.length; k++) {
            if (!Double.isFinite(logWeights[k]) || !components[k].isFinite()) {
                return false;
            }
        }
        return true;
    }
}

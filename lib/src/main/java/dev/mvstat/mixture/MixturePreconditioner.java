package dev.mvstat.mixture;

import dev.mvstat.gaussian.CholeskyGaussian;
import dev.mvstat.gaussian.FisherPreconditioner;
import dev.mvstat.optimize.Preconditioner;

import java.util.Arrays;

/**
 * The inverse of a mixture's complete-data Fisher information per row (the information were each
 * row's component known), block diagonal: component k's block is its Gaussian's Fisher
 * information times {@code w_k} ({@link FisherPreconditioner}), and the weight logits' is
 * {@code diag(w)} (the categorical distribution's, less its rank-one part {@code w w^T}, which
 * only moves all logits together). Near a well-separated optimum it is the Hessian's inverse;
 * elsewhere it puts every component's steps in that component's own units.
 */
final class MixturePreconditioner implements Preconditioner {

    /** The smallest weight the logits' block divides by. */
    private static final double MIN_WEIGHT = 1e-12;

    private final int k;
    private final int d;
    private final FisherPreconditioner gaussian;

    MixturePreconditioner(int k, int d) {
        this.k = k;
        this.d = d;
        this.gaussian = new FisherPreconditioner(d);
    }

    @Override
    public double[] toLocal(double[] point, double[] gradient) {
        return map(point, gradient, true);
    }

    @Override
    public double[] fromLocal(double[] point, double[] step) {
        return map(point, step, false);
    }

    /** Each block's factor (or its transpose), divided by the square root of the component's weight. */
    private double[] map(double[] point, double[] vector, boolean toLocal) {
        double[] w = GaussianMixture.fromParameters(k, d, point).weights();
        double[] out = new double[vector.length];
        int p = CholeskyGaussian.parameterCount(d);
        for (int j = 0; j < k; j++) {
            double root = Math.sqrt(Math.max(w[j], MIN_WEIGHT));
            out[j] = vector[j] / root;
            int from = GaussianMixture.componentOffset(k, d, j);
            double[] component = Arrays.copyOfRange(point, from, from + p);
            double[] v = Arrays.copyOfRange(vector, from, from + p);
            double[] block = toLocal ? gaussian.toLocal(component, v) : gaussian.fromLocal(component, v);
            for (int i = 0; i < p; i++) {
                out[from + i] = block[i] / root;
            }
        }
        return out;
    }
}

package dev.mvstat.optimize;

import java.util.Arrays;

/**
 * Adam (Kingma and Ba, "Adam: a method for stochastic optimization", ICLR 2015) with the paper's
 * defaults: {@code beta1 = 0.9}, {@code beta2 = 0.999}, {@code epsilon = 1e-8}, bias-corrected
 * moment estimates.
 */
public final class Adam extends FirstOrderStep {

    public static final double BETA1 = 0.9;
    public static final double BETA2 = 0.999;
    public static final double EPSILON = 1e-8;
    private static final double MAX_GRADIENT = 1e150;

    private double[] m;
    private double[] v;
    private long t;

    /**
     * @param start        the starting point; copied
     * @param learningRate the step size {@code alpha}
     */
    public Adam(double[] start, double learningRate) {
        super(start, learningRate);
        this.m = new double[start.length];
        this.v = new double[start.length];
    }

    @Override
    void update(double[] x, double[] g, double rate) {
        t++;
        double correction1 = 1 - Math.pow(BETA1, t);
        double correction2 = 1 - Math.pow(BETA2, t);
        for (int i = 0; i < x.length; i++) {
            // Entries beyond 1e150 are clipped so that their square, and the second moment, stay finite.
            double gi = Math.max(-MAX_GRADIENT, Math.min(MAX_GRADIENT, g[i]));
            m[i] = BETA1 * m[i] + (1 - BETA1) * gi;
            v[i] = BETA2 * v[i] + (1 - BETA2) * gi * gi;
            x[i] -= rate * (m[i] / correction1) / (Math.sqrt(v[i] / correction2) + EPSILON);
        }
    }

    /** Restarts the moment estimates: a gradient from far away no longer scales the steps. */
    @Override
    void forgetMomentum() {
        Arrays.fill(m, 0);
        Arrays.fill(v, 0);
        t = 0;
    }
}

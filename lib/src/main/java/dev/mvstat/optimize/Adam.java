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

    private final double[] m;
    private final double[] v;
    /** Updates since the first moment's last restart, and since the start: the bias corrections' exponents. */
    private long tm;

    private long tv;

    /**
     * @param start        the starting point; copied
     * @param learningRate the step size {@code alpha}
     */
    public Adam(double[] start, double learningRate) {
        this(start, learningRate, Preconditioner.IDENTITY);
    }

    /**
     * @param start          the starting point; copied
     * @param learningRate   the step size {@code alpha}
     * @param preconditioner the local coordinates of the moment estimates and steps
     */
    public Adam(double[] start, double learningRate, Preconditioner preconditioner) {
        super(start, learningRate, preconditioner);
        this.m = new double[start.length];
        this.v = new double[start.length];
    }

    @Override
    double[] update(double[] g, double rate) {
        tm++;
        tv++;
        double correction1 = 1 - Math.pow(BETA1, tm);
        double correction2 = 1 - Math.pow(BETA2, tv);
        double[] step = new double[g.length];
        for (int i = 0; i < g.length; i++) {
            // Entries beyond 1e150 are clipped so that their square, and the second moment, stay finite.
            double gi = Math.max(-MAX_GRADIENT, Math.min(MAX_GRADIENT, g[i]));
            m[i] = BETA1 * m[i] + (1 - BETA1) * gi;
            v[i] = BETA2 * v[i] + (1 - BETA2) * gi * gi;
            step[i] = -rate * (m[i] / correction1) / (Math.sqrt(v[i] / correction2) + EPSILON);
        }
        return step;
    }

    /**
     * Restarts the first moment estimate. The second is kept: it holds the scale of each local
     * coordinate's gradients, so that the first step after a restart is proportional to the
     * gradient, not the sign step of a fresh start, which moves every coordinate alike however
     * small its gradient.
     */
    @Override
    void forgetMomentum() {
        Arrays.fill(m, 0);
        tm = 0;
    }
}

package dev.mvstat.optimize;

import java.util.Arrays;

/**
 * Stochastic gradient descent with heavy-ball momentum (Polyak 1964; in the form of Sutskever et
 * al., ICML 2013): {@code v = mu v - rate g}, {@code x = x + v}, with {@code mu = 0.9} by default.
 * The momentum restarts whenever the gradient points along the last step ({@code g . v > 0}): the
 * gradient scheme of O'Donoghue and Candès (2015), which keeps the underdamped momentum from
 * circling the optimum at the rate {@code sqrt(mu)} per step.
 */
public final class MomentumSgd extends FirstOrderStep {

    public static final double DEFAULT_MOMENTUM = 0.9;

    private final double momentum;
    private final double[] velocity;

    /**
     * @param start        the starting point; copied
     * @param learningRate the step size
     * @param momentum     the momentum coefficient, in [0, 1)
     */
    public MomentumSgd(double[] start, double learningRate, double momentum) {
        this(start, learningRate, momentum, Preconditioner.IDENTITY);
    }

    /**
     * @param start          the starting point; copied
     * @param learningRate   the step size
     * @param momentum       the momentum coefficient, in [0, 1)
     * @param preconditioner the local coordinates of the velocity and steps
     */
    public MomentumSgd(double[] start, double learningRate, double momentum, Preconditioner preconditioner) {
        super(start, learningRate, preconditioner);
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        this.momentum = momentum;
        this.velocity = new double[start.length];
    }

    @Override
    double[] update(double[] g, double rate) {
        double uphill = 0;
        for (int i = 0; i < g.length; i++) {
            uphill += g[i] * velocity[i];
        }
        if (uphill > 0) {
            forgetMomentum();
        }
        for (int i = 0; i < g.length; i++) {
            velocity[i] = momentum * velocity[i] - rate * g[i];
        }
        return velocity.clone();
    }

    @Override
    void forgetMomentum() {
        Arrays.fill(velocity, 0);
    }
}

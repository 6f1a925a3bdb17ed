package dev.mvstat.gaussian;

/**
 * Stochastic gradient descent with heavy-ball momentum (Polyak 1964; in the form of Sutskever et
 * al., ICML 2013): {@code v = mu v - rate g}, {@code x = x + v}, with {@code mu = 0.9} by default.
 */
public final class MomentumSgd extends FirstOrderStep {

    public static final double DEFAULT_MOMENTUM = 0.9;

    private final double momentum;
    private double[] velocity;
    private double[] savedVelocity;

    /**
     * @param start        the starting point; copied
     * @param learningRate the step size
     * @param momentum     the momentum coefficient, in [0, 1)
     */
    public MomentumSgd(double[] start, double learningRate, double momentum) {
        super(start, learningRate);
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        this.momentum = momentum;
        this.velocity = new double[start.length];
    }

    @Override
    void update(double[] x, double[] g, double rate) {
        for (int i = 0; i < x.length; i++) {
            velocity[i] = momentum * velocity[i] - rate * g[i];
            x[i] += velocity[i];
        }
    }

    @Override
    void forgetMomentum() {
        java.util.Arrays.fill(velocity, 0);
    }

    @Override
    void saveState() {
        savedVelocity = velocity.clone();
    }

    @Override
    void restoreState() {
        velocity = savedVelocity.clone();
    }
}

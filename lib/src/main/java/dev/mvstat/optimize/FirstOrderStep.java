package dev.mvstat.optimize;

/**
 * The ask-and-tell loop shared by the first-order methods: every told point is the iterate, one
 * update rule moves it, and a loss that is not finite undoes the last update and retakes it from
 * the previous iterate with half the learning rate and no momentum.
 */
abstract class FirstOrderStep implements Optimizer {

    private double[] x;
    private double[] previousX;
    private double[] previousGradient;
    private double rate;

    FirstOrderStep(double[] start, double learningRate) {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be positive and finite, got " + learningRate);
        }
        this.x = start.clone();
        this.rate = learningRate;
    }

    /** Moves {@code x} in place by one update with this gradient and learning rate. */
    abstract void update(double[] x, double[] gradient, double learningRate);

    @Override
    public double[] point() {
        return x;
    }

    @Override
    public Outcome tell(double loss, double[] gradient) {
        if (!Double.isFinite(loss) || !allFinite(gradient)) {
            if (previousX == null) {
                throw new IllegalStateException("the loss at the starting point is not finite: " + loss);
            }
            slowDown();
            restart(previousX, Double.NaN, previousGradient);
            return Outcome.REJECTED;
        }
        previousX = x.clone();
        previousGradient = gradient.clone();
        update(x, gradient, rate);
        return Outcome.ACCEPTED;
    }

    @Override
    public double learningRate() {
        return rate;
    }

    @Override
    public void slowDown() {
        rate /= 2;
    }

    @Override
    public void restart(double[] from, double loss, double[] gradient) {
        forgetMomentum();
        previousX = from.clone();
        previousGradient = gradient.clone();
        x = from.clone();
        update(x, gradient, rate);
    }

    /** Drops the update rule's momentum, so that the next update is a plain scaled gradient step. */
    abstract void forgetMomentum();

    static boolean allFinite(double[] v) {
        for (double x : v) {
            if (!Double.isFinite(x)) {
                return false;
            }
        }
        return true;
    }
}

package dev.mvstat.optimize;

/**
 * The ask-and-tell loop shared by the first-order methods: every told point is the iterate, one
 * update rule moves it, working in the {@link Preconditioner}'s local coordinates, and a loss that is
 * not finite undoes the last update and retakes it from the previous iterate with half the
 * learning rate and no momentum.
 */
abstract class FirstOrderStep implements Optimizer {

    private double[] x;
    private double[] previousX;
    private double[] previousGradient;
    private double rate;
    private final Preconditioner preconditioner;

    FirstOrderStep(double[] start, double learningRate, Preconditioner preconditioner) {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be positive and finite, got " + learningRate);
        }
        this.x = start.clone();
        this.rate = learningRate;
        this.preconditioner = preconditioner;
    }

    /**
     * One update in the preconditioner's local coordinates.
     *
     * @param gradient the gradient there
     * @return the step there
     */
    abstract double[] update(double[] gradient, double learningRate);

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
        move(gradient);
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
        move(gradient);
    }

    /** Moves {@code x} by one update with the gradient at x. */
    private void move(double[] gradient) {
        double[] step = preconditioner.fromLocal(x, update(preconditioner.toLocal(x, gradient), rate));
        for (int i = 0; i < x.length; i++) {
            x[i] += step[i];
        }
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

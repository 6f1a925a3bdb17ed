package dev.mvstat.optimize;

import java.util.Locale;

/** The optimizers by name, with their default learning rates and whether they step on mini-batches. */
public enum OptimizerKind {
    /** {@link Adam} on mini-batches. */
    ADAM(0.2, true),
    /** {@link MomentumSgd} on mini-batches. */
    SGD(0.05, true),
    /** {@link Lbfgs} on the full data; the learning rate is its first step's length. */
    LBFGS(1.0, false),
    /**
     * Natural-gradient steps on mini-batches: plain steps without momentum along what it is told as
     * the gradient, which its caller computes as the negated natural-gradient step of the model
     * (for a Gaussian, rate 1 lands on the batch's maximum-likelihood answer).
     */
    NATURAL(1.0, true);

    private final double defaultLearningRate;
    private final boolean miniBatch;

    OptimizerKind(double defaultLearningRate, boolean miniBatch) {
        this.defaultLearningRate = defaultLearningRate;
        this.miniBatch = miniBatch;
    }

    public double defaultLearningRate() {
        return defaultLearningRate;
    }

    /** Whether the optimizer steps on mini-batches (else every step sees all rows). */
    public boolean miniBatch() {
        return miniBatch;
    }

    /**
     * A new optimizer of this kind starting at {@code start}.
     *
     * @param preconditioner applied to the gradients by every kind but {@link #NATURAL}, whose
     *                       told gradient is already the preconditioned step
     */
    public Optimizer create(double[] start, double learningRate, Preconditioner preconditioner) {
        return switch (this) {
            case ADAM -> new Adam(start, learningRate, preconditioner);
            case SGD -> new MomentumSgd(start, learningRate, MomentumSgd.DEFAULT_MOMENTUM, preconditioner);
            case LBFGS -> new Lbfgs(start, learningRate, Lbfgs.DEFAULT_MEMORY, preconditioner);
            case NATURAL -> new MomentumSgd(start, learningRate, 0);
        };
    }

    /** The lower-case name used on the command line and in outputs. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind named {@code adam}, {@code sgd}, {@code lbfgs} or {@code natural}. */
    public static OptimizerKind of(String label) {
        for (OptimizerKind k : values()) {
            if (k.label().equals(label)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown optimizer '" + label + "': expected adam, sgd, lbfgs or natural");
    }
}

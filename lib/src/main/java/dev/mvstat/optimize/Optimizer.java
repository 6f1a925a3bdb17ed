package dev.mvstat.optimize;

/**
 * A driver-side minimizer in ask-and-tell form: {@link #point()} says where the loss and gradient
 * are needed next, {@link #tell} hands them over. The caller decides what the loss is (a mini-batch,
 * the full data, any differentiable function), so the optimizers work for any model.
 */
public interface Optimizer {

    /** What a {@link #tell} did. */
    enum Outcome {
        /** The told point is the new iterate, and {@link #point()} is the next one to evaluate. */
        ACCEPTED,
        /** The told point was a line-search trial that did not decrease the loss enough; a shorter one follows. */
        BACKTRACKED,
        /** The loss was not finite: the step was undone and retaken with a smaller learning rate. */
        REJECTED,
        /** No step length decreases the loss any further: the iterate is final. */
        STALLED
    }

    /** The point at which to evaluate the loss next; callers must not modify it. */
    double[] point();

    /**
     * Takes the loss and gradient at {@link #point()}.
     *
     * @param loss     the loss; a value that is not finite rejects the step that led there
     * @param gradient its gradient, same length as the point; not kept
     * @return what happened
     */
    Outcome tell(double loss, double[] gradient);

    /** The current learning rate (for L-BFGS, the last step length). */
    double learningRate();

    /** Halves the learning rate (for L-BFGS, the pending trial step). */
    void slowDown();

    /**
     * Goes back to {@code from}, an earlier point where the loss and gradient were these, and forgets
     * any momentum (for L-BFGS, its curvature pairs): {@link #point()} is then one plain step from
     * there. This is a function-value restart (O'Donoghue and Candès, "Adaptive restart for
     * accelerated gradient schemes", Found. Comput. Math. 15, 2015), for when the loss rose.
     */
    void restart(double[] from, double loss, double[] gradient);

    /**
     * Minimizes a deterministic function until the gradient's Euclidean norm at an iterate is at
     * most {@code tolerance} or {@code maxEvaluations} evaluations were made.
     *
     * @return the last iterate
     */
    static double[] minimize(Optimizer optimizer, DifferentiableFunction f, int maxEvaluations, double tolerance) {
        double[] iterate = optimizer.point().clone();
        for (int evaluation = 0; evaluation < maxEvaluations; evaluation++) {
            double[] at = optimizer.point().clone();
            double[] gradient = new double[at.length];
            double loss = f.evaluate(at, gradient);
            Outcome outcome = optimizer.tell(loss, gradient);
            if (outcome == Outcome.ACCEPTED) {
                iterate = at;
                if (norm(gradient) <= tolerance) {
                    break;
                }
            } else if (outcome == Outcome.STALLED) {
                break;
            }
        }
        return iterate;
    }

    /** The Euclidean norm. */
    static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}

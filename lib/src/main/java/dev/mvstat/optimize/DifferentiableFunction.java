package dev.mvstat.optimize;

/** A function to minimize, with its gradient. */
@FunctionalInterface
public interface DifferentiableFunction {

    /**
     * @param x        the point; not modified
     * @param gradient receives the gradient at x
     * @return the value at x
     */
    double evaluate(double[] x, double[] gradient);
}

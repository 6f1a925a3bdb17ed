package dev.mvstat.optimize;

/**
 * A symmetric positive-definite map {@code P(x) = W(x) W(x)^T} approximating the inverse Hessian
 * at a point x (Nocedal and Wright, Numerical Optimization, 2nd ed., section 5.1), given by its
 * factor W: {@code W^T} takes a gradient into local coordinates in which the loss is about equally
 * curved in every direction, and W takes a step there back to the parameters. The first-order
 * methods keep their state (momentum, moment estimates) and take their steps in those local
 * coordinates; L-BFGS takes P as its initial inverse-Hessian approximation. A loss whose
 * curvature is known in closed form (a likelihood's Fisher information) becomes well conditioned
 * this way.
 */
public interface Preconditioner {

    /** No preconditioning: {@code W = I}. */
    Preconditioner IDENTITY = new Preconditioner() {
        @Override
        public double[] toLocal(double[] point, double[] gradient) {
            return gradient.clone();
        }

        @Override
        public double[] fromLocal(double[] point, double[] step) {
            return step.clone();
        }
    };

    /**
     * @param point    where the map is taken; not modified
     * @param gradient a gradient (or gradient difference) at that point; not modified
     * @return {@code W(point)^T gradient}, a new array
     */
    double[] toLocal(double[] point, double[] gradient);

    /**
     * @param point where the map is taken; not modified
     * @param step  a step in local coordinates; not modified
     * @return {@code W(point) step}, a new array: the change of the parameters
     */
    double[] fromLocal(double[] point, double[] step);

    /** {@code P(point) vector = W W^T vector}. */
    default double[] apply(double[] point, double[] vector) {
        return fromLocal(point, toLocal(point, vector));
    }
}

package dev.mvstat.gaussian;

import java.util.List;

/**
 * The result of a fit: one Gaussian per group (a single group when ungrouped) and the trace.
 *
 * @param groups    per group index, the fitted Gaussian
 * @param trace     every step
 * @param epochs    passes over the data the optimizer took
 * @param converged whether every group met the tolerance
 */
public record GaussianFit(List<Group> groups, List<TraceStep> trace, int epochs, boolean converged) {

    /**
     * One group's Gaussian.
     *
     * @param model        the fitted Gaussian, original units
     * @param count        the group's rows
     * @param meanNll      mean NLL per row of the group's rows under the model (natural log)
     * @param stationarity its {@link Likelihood#stationarity()} on all the group's rows
     * @param iterations   the optimizer's accepted steps
     * @param converged    whether the gradient norm met the tolerance
     */
    public record Group(
            CholeskyGaussian model,
            long count,
            double meanNll,
            double stationarity,
            int iterations,
            boolean converged) {}
}

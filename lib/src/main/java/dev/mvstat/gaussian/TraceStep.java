package dev.mvstat.gaussian;

import java.util.List;

/**
 * One optimizer step of a fit.
 *
 * @param step         the step number, from 1
 * @param epoch        the epoch it belongs to, from 1
 * @param batchNll     mean NLL per row of the step's batch (natural log, original units)
 * @param fullNll      mean NLL per row of all rows when evaluated at this step, else NaN
 * @param groupNlls    when all rows were evaluated at this step, each group's mean NLL per row of its
 *                     own rows (original units), in group order; else empty
 * @param gradientNorm Euclidean norm of the batch's mean-NLL gradient (standardized
 *                     coordinates; all groups together)
 * @param learningRate the learning rate the step was taken with (for L-BFGS, the last accepted step length)
 * @param event        what happened beyond a plain step, or empty
 */
public record TraceStep(
        int step,
        int epoch,
        double batchNll,
        double fullNll,
        List<Double> groupNlls,
        double gradientNorm,
        double learningRate,
        String event) {

    public TraceStep {
        groupNlls = List.copyOf(groupNlls);
    }
}

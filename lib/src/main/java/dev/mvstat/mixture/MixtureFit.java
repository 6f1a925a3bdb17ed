package dev.mvstat.mixture;

import dev.mvstat.gaussian.TraceStep;

import java.util.List;

/**
 * The result of a mixture fit.
 *
 * @param mixture            the best start's mixture, in the data's units
 * @param rows               the rows fitted
 * @param meanLogLikelihood  its mean log-likelihood per row (natural log, the data's units)
 * @param stationarity       how far it is from a fixed point of the EM step, over all rows
 * @param converged          whether that start met the tolerance
 * @param start              the index of the best start
 * @param startLogLikelihoods every start's mean log-likelihood per row
 * @param trace              every step; a full evaluation's group values are the starts'
 * @param epochs             passes over the data the optimizer took
 */
public record MixtureFit(
        GaussianMixture mixture,
        long rows,
        double meanLogLikelihood,
        double stationarity,
        boolean converged,
        int start,
        List<Double> startLogLikelihoods,
        List<TraceStep> trace,
        int epochs) {}

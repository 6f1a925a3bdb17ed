package dev.mvstat.gaussian;

/**
 * One group's objective evaluated on a batch, as {@link BatchSchedule} needs it.
 *
 * @param weight           the batch's rows of the group (their total weight); 0 when it has none
 * @param meanLoss         the loss per row the optimizer minimizes (in the fit's coordinates)
 * @param reportedMeanLoss the same in the data's original units, for the trace
 * @param meanGradient     the gradient of {@code meanLoss}
 * @param naturalStep      the closed-form natural-gradient step from the evaluated point, as a
 *                         change of parameters (what the {@code natural} optimizer takes)
 * @param stationarity     how far the point is from a stationary point of the loss over these
 *                         rows, in units free of the data's scale: 0 exactly there
 */
public record BatchLoss(
        double weight,
        double meanLoss,
        double reportedMeanLoss,
        double[] meanGradient,
        double[] naturalStep,
        double stationarity) {}

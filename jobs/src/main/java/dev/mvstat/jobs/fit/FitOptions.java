package dev.mvstat.jobs.fit;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.mvstat.gaussian.FitSettings;
import dev.mvstat.jobs.cli.JobException;
import dev.mvstat.jobs.cli.OptionSpec;
import dev.mvstat.jobs.cli.Options;
import dev.mvstat.optimize.OptimizerKind;

import java.util.Arrays;
import java.util.List;

/**
 * The optimizer options of the likelihood fits (fit-gaussian, fit-mixture): their specs, the
 * {@link FitSettings} they give, and how gaussian.json and mixture.json record them.
 */
public final class FitOptions {

    /** {@code --optimizer}: the optimizer of the likelihood. */
    public static final OptionSpec OPTIMIZER = OptionSpec.choice(
            "optimizer",
            "the optimizer of the likelihood",
            Arrays.stream(OptimizerKind.values()).map(OptimizerKind::label).toArray(String[]::new));

    /** The optimizer, its batch size, learning rate, epoch budget and tolerance; {@link #seed} besides. */
    static final List<OptionSpec> ALL = List.of(
            OPTIMIZER,
            OptionSpec.integer(
                    "batch-size",
                    "N",
                    "rows per mini-batch; default: the optimizer's",
                    1,
                    "a whole number of rows, at least 1"),
            OptionSpec.number(
                    "learning-rate", "R", "step size; default: the optimizer's", r -> r > 0, "a positive number"),
            OptionSpec.integer(
                    "epochs",
                    "N",
                    "most passes over the data; default: the optimizer's",
                    1,
                    "a whole number, at least 1"),
            OptionSpec.number(
                    "tolerance",
                    "T",
                    "convergence tolerance; default: the optimizer's",
                    t -> t > 0,
                    "a positive number"));

    /** How the batches grow and a fit recovers, as gaussian.json and mixture.json state it before their stopping rule. */
    private static final String BATCHES =
            "batches of shuffled rows; the batch doubles after every epoch until it is all"
                    + " rows; whenever the NLL of all rows rises (at a full batch, or over a partial-batch epoch) the fit goes"
                    + " back to its best point and restarts the momentum, and halves the rate if the rise came over an epoch"
                    + " or right after a restart; a step whose NLL is not finite is undone and retaken at half the rate;";

    private static final String LBFGS = " (L-BFGS: full batches, Armijo backtracking)";

    private FitOptions() {}

    /** @return {@code --seed}, the seed of {@code what} */
    static OptionSpec seed(String what) {
        return OptionSpec.integer("seed", "N", "seed of " + what, Long.MIN_VALUE, "a whole number");
    }

    /** The fit settings from the options; an optimizer's defaults fill what is not given. */
    static FitSettings settings(Options options) {
        OptimizerKind optimizer = OptimizerKind.of(options.require("optimizer"));
        FitSettings s = FitSettings.defaults(optimizer);
        Long batch = options.integer("batch-size");
        if (batch != null) {
            s = s.withBatchSize((int) Math.min(batch, Integer.MAX_VALUE));
        }
        Double rate = options.number("learning-rate");
        if (rate != null) {
            s = s.withLearningRate(rate);
        }
        Long epochs = options.integer("epochs");
        if (epochs != null) {
            s = s.withMaxEpochs((int) Math.min(epochs, Integer.MAX_VALUE));
        }
        Double tolerance = options.number("tolerance");
        if (tolerance != null) {
            s = s.withTolerance(tolerance);
        }
        Long seed = options.integer("seed");
        return seed == null ? s : s.withSeed(seed);
    }

    /** @throws JobException (usage) if {@code --batch-size} is larger than the data's valid rows */
    static void checkBatchSize(FitSettings settings, long rows) {
        if (settings.batchSize() > rows) {
            throw JobException.usage(
                    "--batch-size " + settings.batchSize() + " is larger than the data, " + rows + " valid rows");
        }
    }

    /**
     * The optimizer's settings in gaussian.json and mixture.json; {@code batchSize} in rows.
     *
     * @param schedule the batch schedule and the stopping rule, in words
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Entry(
            String name,
            long batchSize,
            double learningRate,
            int maxEpochs,
            double tolerance,
            long seed,
            String schedule) {

        /**
         * @param rows     the rows fitted
         * @param stopping when the fit has converged, in words ("converged when ...")
         */
        static Entry of(FitSettings settings, long rows, String stopping) {
            return new Entry(
                    settings.optimizer().label(),
                    settings.rowsPerBatch(rows),
                    settings.learningRate(),
                    settings.maxEpochs(),
                    settings.tolerance(),
                    settings.seed(),
                    BATCHES + " " + stopping + LBFGS);
        }
    }
}

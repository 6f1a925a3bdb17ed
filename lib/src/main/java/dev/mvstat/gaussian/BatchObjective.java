package dev.mvstat.gaussian;

import dev.mvstat.optimize.Preconditioner;

/**
 * What {@link BatchSchedule} minimizes: one loss per group, each with parameters of its own, all
 * evaluated in one pass over a batch of the data's shuffled blocks.
 */
public interface BatchObjective {

    /** The number of groups. */
    int groups();

    /** Group g's starting parameters. */
    double[] start(int g);

    /** Group g's preconditioner: its loss's inverse Fisher information. */
    Preconditioner preconditioner(int g);

    /** Whether group g's parameters are a model the rows can be evaluated under (no overflow). */
    boolean evaluable(int g, double[] point);

    /**
     * Every group's loss on one batch.
     *
     * @param blocks the number of blocks an epoch is split into
     * @param first  the batch's first block
     * @param span   its number of blocks; {@code blocks} reads every row
     * @param points per group, the parameters to evaluate at
     */
    BatchLoss[] evaluate(int blocks, int first, int span, double[][] points);
}

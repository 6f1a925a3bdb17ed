package dev.mvstat.gaussian;

import dev.mvstat.moments.ColumnMoments;

import java.util.List;

/**
 * Data split into {@link ShuffledBlocks}, wherever they live: in memory, or cached on executors.
 * A batch is the same blocks of every part.
 */
public interface Batches {

    /** The row length. */
    int dimension();

    /** Row counts and per-column means and variances per group, over all rows. */
    ColumnMoments[] columnMoments();

    /** The sum over all parts of {@link ShuffledBlocks#likelihood}. */
    Likelihood[] likelihood(
            int blocks, int first, int span, CholeskyGaussian[] models, Standardization[] standardizations);

    /** The per-group sum of the parts' likelihoods, added in the parts' order (at least one part). */
    static Likelihood[] sum(List<Likelihood[]> parts) {
        Likelihood[] total = parts.get(0).clone();
        for (Likelihood[] part : parts.subList(1, parts.size())) {
            for (int g = 0; g < total.length; g++) {
                total[g] = total[g].plus(part[g]);
            }
        }
        return total;
    }
}

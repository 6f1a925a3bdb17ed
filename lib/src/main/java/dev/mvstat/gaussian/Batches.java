package dev.mvstat.gaussian;

/**
 * Data split into {@link ShuffledBlocks}, wherever they live: in memory, or cached on executors.
 * A batch is the same blocks of every part.
 */
public interface Batches {

    /** The row length. */
    int dimension();

    /** Row counts and column ranges per group, over all rows. */
    ColumnRange[] ranges();

    /** The sum over all parts of {@link ShuffledBlocks#likelihood}. */
    Likelihood[] likelihood(int blocks, int first, int span, CholeskyGaussian[] models,
                            Standardization[] standardizations);

    /** Element-wise sum of two per-group likelihood arrays. */
    static Likelihood[] sum(Likelihood[] a, Likelihood[] b) {
        Likelihood[] out = new Likelihood[a.length];
        for (int g = 0; g < a.length; g++) {
            out[g] = a[g].plus(b[g]);
        }
        return out;
    }
}

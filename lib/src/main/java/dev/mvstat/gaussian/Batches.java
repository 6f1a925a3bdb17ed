package dev.mvstat.gaussian;

import dev.mvstat.moments.ColumnMoments;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
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

    /** A function of one part, run where the part lives. */
    @FunctionalInterface
    interface PartFunction<T extends Serializable> extends Serializable {
        T apply(ShuffledBlocks part);
    }

    /** The function's value on every part, in the parts' order. */
    <T extends Serializable> List<T> map(PartFunction<T> function);

    /**
     * About {@code rows} rows drawn uniformly without replacement, every part giving its share
     * from the front of its shuffled order; all rows if there are fewer.
     */
    default List<double[]> sample(int rows) {
        long n = Arrays.stream(columnMoments()).mapToLong(ColumnMoments::count).sum();
        double fraction = Math.min(1, (double) rows / n);
        List<double[]> out = new ArrayList<>();
        map(part -> new ArrayList<>(part.head((int) Math.ceil(fraction * part.size()))))
                .forEach(out::addAll);
        return out;
    }

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

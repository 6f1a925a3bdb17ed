package dev.mvstat.gaussian;

import dev.mvstat.moments.ColumnMoments;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One partition's rows in a seeded random order, read as mini-batches: split into {@code blocks}
 * equal consecutive blocks, a batch is {@code span} consecutive blocks (wrapping round), so a step
 * reads only its batch's rows and an epoch reads every row once. Each row carries its group index.
 */
public final class ShuffledBlocks implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final int d;
    private final double[] values;
    private final int[] groups;
    private final ColumnMoments[] moments;

    /**
     * @param d          the row length
     * @param rows       the partition's rows, each of length d; copied
     * @param groups     the group index of each row, in {@code [0, groupCount)}
     * @param groupCount the number of groups
     * @param seed       the shuffle's seed
     */
    public ShuffledBlocks(int d, List<double[]> rows, int[] groups, int groupCount, long seed) {
        int n = rows.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        this.d = d;
        this.values = new double[n * d];
        this.groups = new int[n];
        this.moments = new ColumnMoments[groupCount];
        for (int g = 0; g < groupCount; g++) {
            moments[g] = new ColumnMoments(d);
        }
        for (int i = 0; i < n; i++) {
            double[] row = rows.get(order[i]);
            if (row.length != d) {
                throw new IllegalArgumentException("expected a row of " + d + " values, actual " + row.length);
            }
            System.arraycopy(row, 0, values, i * d, d);
            this.groups[i] = groups[order[i]];
            moments[this.groups[i]].add(values, i * d);
        }
    }

    /** The shuffle seed of partition p in a fit seeded with {@code seed}. */
    public static long partitionSeed(long seed, int p) {
        return seed * 0x9E3779B97F4A7C15L + p;
    }

    /** Row counts and per-column means and variances per group. */
    public ColumnMoments[] columnMoments() {
        return moments;
    }

    /** What {@link #forEachRow} hands each row to. */
    @FunctionalInterface
    public interface RowVisitor {
        /** The row {@code values[offset .. offset + d)} of group {@code group}. */
        void visit(double[] values, int offset, int group);
    }

    /**
     * Visits a batch's rows in their shuffled order.
     *
     * @param blocks the number of blocks the rows are split into
     * @param first  the batch's first block
     * @param span   the number of blocks in the batch; {@code blocks} or more reads every row
     */
    public void forEachRow(int blocks, int first, int span, RowVisitor visitor) {
        int n = groups.length;
        int width = Math.min(span, blocks);
        for (int b = first; b < first + width; b++) {
            int block = b % blocks;
            int end = (int) ((long) (block + 1) * n / blocks);
            for (int i = (int) ((long) block * n / blocks); i < end; i++) {
                visitor.visit(values, i * d, groups[i]);
            }
        }
    }

    /** The part's rows. */
    public int size() {
        return groups.length;
    }

    /** The first {@code rows} rows of the shuffled order (all if fewer): a uniform sample without replacement. */
    public List<double[]> head(int rows) {
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < Math.min(rows, groups.length); i++) {
            out.add(Arrays.copyOfRange(values, i * d, (i + 1) * d));
        }
        return out;
    }

    /**
     * The summed NLL and gradient of a batch's rows, per group, each in its group's standardized coordinates.
     *
     * @param blocks           the number of blocks the rows are split into
     * @param first            the batch's first block
     * @param span             the number of blocks in the batch; {@code blocks} or more reads every row
     * @param models           per group, the model in standardized coordinates
     * @param standardizations per group, the standardization
     * @return per group, the batch's likelihood (weight 0 when the batch has none of its rows)
     */
    public Likelihood[] likelihood(
            int blocks, int first, int span, CholeskyGaussian[] models, Standardization[] standardizations) {
        ResidualSums[] sums = new ResidualSums[models.length];
        for (int g = 0; g < models.length; g++) {
            sums[g] = standardizations[g].residuals(models[g]);
        }
        forEachRow(blocks, first, span, (values, offset, group) -> sums[group].add(values, offset));
        Likelihood[] out = new Likelihood[models.length];
        for (int g = 0; g < models.length; g++) {
            out[g] = sums[g].likelihood(models[g]);
        }
        return out;
    }
}

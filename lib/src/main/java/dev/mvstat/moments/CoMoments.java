package dev.mvstat.moments;

import dev.mvstat.linalg.Gram;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;

/**
 * Mergeable accumulator of the count, mean and centered co-moment matrix
 * {@code M2 = sum (x - mean)(x - mean)^T} of rows of doubles.
 *
 * <p>The first row added becomes the accumulator's pivot and is subtracted from every row before
 * anything is summed, so data sitting on a large offset loses no digits. Rows are buffered into
 * blocks of {@link #BLOCK_ROWS}; each block is centered on its own mean, its co-moments are formed
 * by a symmetric rank-k update ({@link Gram}), and the block is merged into the running totals with
 * the pairwise update of Chan, Golub and LeVeque, "Updating formulae and a pairwise algorithm for
 * computing sample variances" (1979): {@code M2 = M2_A + M2_B + (m_B - m_A)(m_B - m_A)^T n_A n_B / n}.
 * Accumulators merge with the same update; their pivots may differ, the difference of the means
 * being taken as {@code (pivot_B - pivot_A) + (shifted mean_B - shifted mean_A)}, where the first
 * difference is exact for nearby pivots (Sterbenz). The one-pass formula {@code E[xy] - E[x]E[y]}
 * is never used.
 *
 * <p>Not thread-safe. Serializable, so that Spark tasks can return it: Java serialization folds
 * pending rows in first; before handing it to another serializer (Kryo skips the transient block
 * buffer), call {@link #flush()} or fill it with {@link #addAll}, which ends with one.
 */
public final class CoMoments implements Serializable {

    @Serial
    private static final long serialVersionUID = 2L;

    /** Rows per block of the rank-k update. */
    public static final int BLOCK_ROWS = 256;

    /** Number of columns. */
    private final int d;
    /** The first row added, subtracted from every row; null while empty. */
    private double[] pivot;
    /** Rows accumulated, pending block rows included. */
    private long count;
    /** Mean of the rows folded in so far, minus the pivot. */
    private final double[] shiftedMean;
    /** Co-moments of the rows folded in so far: upper triangle, column-major d x d. */
    private final double[] m2;
    /** Pending rows minus the pivot, and the rank-k update of them; allocated on first use. */
    private transient Gram block;
    /** Number of pending rows in {@link #block}. */
    private transient int pending;
    /** Sum of the pending rows minus the pivot; allocated with {@link #block}. */
    private transient double[] blockSum;
    /** Scratch for a block's co-moments, reused by every block; allocated with {@link #block}. */
    private transient double[] blockM2;

    /** An empty accumulator for rows of {@code d} columns. */
    public CoMoments(int d) {
        if (d <= 0) {
            throw new IllegalArgumentException("need at least one column, got " + d);
        }
        this.d = d;
        this.shiftedMean = new double[d];
        this.m2 = new double[d * d];
    }

    /**
     * Adds one row.
     *
     * @param row d finite values; not modified
     * @return this
     */
    public CoMoments add(double[] row) {
        if (row.length != d) {
            throw new IllegalArgumentException("expected a row of " + d + " values, actual " + row.length);
        }
        if (block == null) {
            block = new Gram(d, BLOCK_ROWS);
            blockSum = new double[d];
            blockM2 = new double[d * d];
        }
        if (pivot == null) {
            pivot = row.clone();
        }
        double[] shifted = block.row(pending);
        for (int j = 0; j < d; j++) {
            double v = row[j] - pivot[j];
            shifted[j] = v;
            blockSum[j] += v;
        }
        pending++;
        count++;
        if (pending == BLOCK_ROWS) {
            flush();
        }
        return this;
    }

    /**
     * Adds every row of an iterator, then folds the pending rows into the totals.
     *
     * @param rows rows of d values; not modified
     * @return this
     */
    public CoMoments addAll(Iterator<double[]> rows) {
        rows.forEachRemaining(this::add);
        flush();
        return this;
    }

    /**
     * Merges another accumulator into this one. Merging an empty accumulator changes nothing.
     *
     * @param other an accumulator with the same number of columns; its pending rows are folded
     *              into its own totals first, otherwise it is not modified
     * @return this
     */
    public CoMoments merge(CoMoments other) {
        if (other == this) {
            throw new IllegalArgumentException("cannot merge an accumulator into itself");
        }
        if (other.d != d) {
            throw new IllegalArgumentException("expected an accumulator of " + d + " columns, actual " + other.d);
        }
        other.flush();
        if (other.count == 0) {
            return this;
        }
        flush();
        if (pivot == null) {
            pivot = other.pivot.clone();
        }
        double[] otherMean = new double[d];
        for (int j = 0; j < d; j++) {
            otherMean[j] = (other.pivot[j] - pivot[j]) + other.shiftedMean[j];
        }
        mergeTotals(other.count, otherMean, other.m2);
        return this;
    }

    /**
     * Folds the pending rows into the totals: their co-moments about the block's mean (the rows
     * were shifted by the pivot, and summed, as they were added) by one rank-k update, merged in.
     * Called by every reader; call it before serializing with anything but Java serialization.
     */
    public void flush() {
        if (pending == 0) {
            return;
        }
        int rows = pending;
        pending = 0;
        count -= rows;
        double[] blockMean = new double[d];
        for (int j = 0; j < d; j++) {
            blockMean[j] = blockSum[j] / rows;
        }
        Arrays.fill(blockSum, 0.0);
        Arrays.fill(blockM2, 0.0);
        block.addTo(rows, blockMean, blockM2);
        mergeTotals(rows, blockMean, blockM2);
    }

    /** Chan-Golub-LeVeque merge of (nB, meanB, m2B), meanB minus this pivot, into the folded totals. */
    private void mergeTotals(long nB, double[] meanB, double[] m2B) {
        long nA = count;
        long n = nA + nB;
        double weight = (double) nA * nB / n;
        double fractionB = (double) nB / n;
        double[] delta = new double[d];
        for (int j = 0; j < d; j++) {
            delta[j] = meanB[j] - shiftedMean[j];
            shiftedMean[j] += delta[j] * fractionB;
        }
        for (int j = 0; j < d; j++) {
            for (int i = 0; i <= j; i++) {
                m2[i + j * d] += m2B[i + j * d] + delta[i] * delta[j] * weight;
            }
        }
        count = n;
    }

    /** @return the number of columns */
    public int dimension() {
        return d;
    }

    /** @return the number of rows added or merged */
    public long count() {
        return count;
    }

    /** @return the column means (a new array; zeros while empty) */
    public double[] mean() {
        flush();
        double[] mean = new double[d];
        for (int j = 0; j < d && pivot != null; j++) {
            mean[j] = pivot[j] + shiftedMean[j];
        }
        return mean;
    }

    /**
     * The covariance matrix {@code M2 / (n - ddof)}.
     *
     * @param ddof delta degrees of freedom: 1 for the sample covariance, 0 for the maximum-likelihood one
     * @return the full symmetric matrix, row-major d x d (a new array)
     * @throws IllegalStateException if there are not more than {@code ddof} rows
     */
    public double[] covariance(int ddof) {
        flush();
        if (count <= ddof) {
            throw new IllegalStateException("covariance with denominator n - " + ddof + " needs at least "
                    + (ddof + 1) + " rows, have " + count);
        }
        double denominator = count - ddof;
        double[] cov = new double[d * d];
        for (int j = 0; j < d; j++) {
            for (int i = 0; i <= j; i++) {
                double c = m2[i + j * d] / denominator;
                cov[i * d + j] = c;
                cov[j * d + i] = c;
            }
        }
        return cov;
    }

    /** @return the sample covariance, denominator n - 1 */
    public double[] covariance() {
        return covariance(1);
    }

    @Serial
    private void writeObject(ObjectOutputStream out) throws IOException {
        flush();
        out.defaultWriteObject();
    }
}

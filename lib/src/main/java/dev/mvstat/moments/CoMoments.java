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
 * computing sample variances" (1979): {@code M2 = M2_A + M2_B + (m_B - m_A)(m_B - m_A)^T n_A n_B / n}
 * (a block's {@code M2_B} is added into the totals by the kernel itself, so there is no scratch for it).
 * Accumulators merge with the same update; their pivots may differ, the difference of the means
 * being taken as {@code (pivot_B - pivot_A) + (shifted mean_B - shifted mean_A)}, where the first
 * difference is exact for nearby pivots (Sterbenz). The one-pass formula {@code E[xy] - E[x]E[y]}
 * is never used.
 *
 * <p>{@code M2} is kept as its packed upper triangle ({@link Gram}'s layout), d (d + 1) / 2 doubles,
 * so up to 65,535 columns; the pending block holds {@link #BLOCK_ROWS} rows of d values more.
 * Only the full matrices that {@link #covariance(int)} returns need d x d doubles.
 *
 * <p>Not thread-safe. Serializable, so that Spark tasks can return it: Java serialization folds
 * pending rows in first; before handing it to another serializer (Kryo skips the transient block
 * buffer), call {@link #flush()} or fill it with {@link #addAll}, which ends with one.
 */
public final class CoMoments implements Serializable {

    @Serial
    private static final long serialVersionUID = 3L;

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
    /** Co-moments of the rows folded in so far: packed upper triangle ({@link Gram#columnOffset}). */
    private final double[] m2;
    /** Pending rows minus the pivot, and the rank-k update of them; allocated on first use. */
    private transient Gram block;
    /** Number of pending rows in {@link #block}. */
    private transient int pending;
    /** Sum of the pending rows minus the pivot; allocated with {@link #block}. */
    private transient double[] blockSum;
    /** The row being added, minus the pivot; allocated with {@link #block}. */
    private transient double[] shifted;

    /**
     * An empty accumulator for rows of {@code d} columns.
     *
     * @throws IllegalArgumentException if d is not positive or above 65,535
     */
    public CoMoments(int d) {
        if (d <= 0) {
            throw new IllegalArgumentException("need at least one column, got " + d);
        }
        this.d = d;
        this.shiftedMean = new double[d];
        this.m2 = new double[Gram.packedLength(d)];
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
            shifted = new double[d];
        }
        if (pivot == null) {
            pivot = row.clone();
        }
        for (int j = 0; j < d; j++) {
            double v = row[j] - pivot[j];
            shifted[j] = v;
            blockSum[j] += v;
        }
        block.setRow(pending, shifted);
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
     * were shifted by the pivot, and summed, as they were added) are added to M2 by one rank-k
     * update, then the block's count and mean are merged in.
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
        block.addTo(rows, blockMean, m2);
        mergeTotals(rows, blockMean, null);
    }

    /**
     * Chan-Golub-LeVeque merge of (nB, meanB, m2B), meanB minus this pivot, into the folded totals.
     *
     * @param m2B the other part's packed co-moments; null when they are already in {@link #m2}
     */
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
            int column = (int) Gram.columnOffset(j);
            double scaled = delta[j] * weight;
            for (int i = 0; i <= j; i++) {
                m2[column + i] += delta[i] * scaled;
            }
        }
        if (m2B != null) {
            for (int k = 0; k < m2.length; k++) {
                m2[k] += m2B[k];
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
        return mean(new double[d]);
    }

    /**
     * @param offset values subtracted from every row before it was added (a pivot), one per column
     * @return the column means of the rows as they were, {@code offset} added back (a new array;
     *         {@code offset} while empty)
     */
    public double[] mean(double[] offset) {
        if (offset.length != d) {
            throw new IllegalArgumentException("expected an offset of " + d + " values, actual " + offset.length);
        }
        flush();
        double[] mean = offset.clone();
        for (int j = 0; j < d && pivot != null; j++) {
            mean[j] += pivot[j] + shiftedMean[j];
        }
        return mean;
    }

    /**
     * The covariance matrix {@code M2 / (n - ddof)}.
     *
     * @param ddof delta degrees of freedom: 1 for the sample covariance, 0 for the maximum-likelihood one
     * @return the full symmetric matrix, row-major d x d (a new array)
     * @throws IllegalStateException if there are not more than {@code ddof} rows
     * @throws IllegalArgumentException if d x d doubles are more than a Java array holds (d above 46,340)
     */
    public double[] covariance(int ddof) {
        flush();
        if (count <= ddof) {
            throw new IllegalStateException("covariance with denominator n - " + ddof + " needs at least " + (ddof + 1)
                    + " rows, have " + count);
        }
        return Gram.unpack(m2, d, count - ddof);
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

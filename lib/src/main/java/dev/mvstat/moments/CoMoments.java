package dev.mvstat.moments;

import dev.mvstat.linalg.Gram;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.Arrays;

/**
 * Mergeable accumulator of the count, mean and centered co-moment matrix
 * {@code M2 = sum (x - mean)(x - mean)^T} of rows of doubles.
 *
 * <p>Rows are shifted by a fixed pivot (for instance the first row of the data, the same for
 * every partition) before anything is summed, so data sitting on a large offset loses no digits.
 * Rows are buffered into blocks of {@link #BLOCK_ROWS}; each block is centered on its own mean,
 * its co-moments are formed by a symmetric rank-k update ({@link Gram}), and the block is merged
 * into the running totals with the pairwise update of Chan, Golub and LeVeque, "Updating formulae
 * and a pairwise algorithm for computing sample variances" (1979):
 * {@code M2 = M2_A + M2_B + (m_B - m_A)(m_B - m_A)^T n_A n_B / n}. Partition results merge with
 * the same update. The one-pass formula {@code E[xy] - E[x]E[y]} is never used.
 *
 * <p>Not thread-safe. Serializable, so that Spark tasks can return it: Java serialization folds
 * pending rows in first; before handing it to another serializer (Kryo skips the transient block
 * buffer), call {@link #flush()} or fill it with {@link #addAll}, which ends with one.
 */
public final class CoMoments implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Rows per block of the rank-k update. */
    public static final int BLOCK_ROWS = 256;

    /** Number of columns. */
    private final int d;
    /** Shift subtracted from every row before accumulation. */
    private final double[] pivot;
    /** Rows accumulated, pending block rows included. */
    private long count;
    /** Mean of the shifted rows folded in so far. */
    private final double[] shiftedMean;
    /** Co-moments of the rows folded in so far: upper triangle, column-major d x d. */
    private final double[] m2;
    /** Pending rows, shifted, column-major d x BLOCK_ROWS; allocated on first use. */
    private transient double[] block;
    /** Number of pending rows in {@link #block}. */
    private transient int pending;
    /** Scratch for a block's co-moments, reused by every block; allocated with {@link #block}. */
    private transient double[] blockM2;

    /** An empty accumulator for rows of {@code d} columns with a zero pivot. */
    public CoMoments(int d) {
        this(new double[d]);
    }

    /**
     * An empty accumulator whose rows are shifted by {@code pivot}.
     *
     * @param pivot the shift, one value per column, finite; copied
     */
    public CoMoments(double[] pivot) {
        if (pivot.length == 0) {
            throw new IllegalArgumentException("need at least one column");
        }
        for (double p : pivot) {
            if (!Double.isFinite(p)) {
                throw new IllegalArgumentException("pivot must be finite, got " + Arrays.toString(pivot));
            }
        }
        this.d = pivot.length;
        this.pivot = pivot.clone();
        this.shiftedMean = new double[d];
        this.m2 = new double[d * d];
    }

    /**
     * Adds one row.
     *
     * @param row d values; not modified
     * @return this
     */
    public CoMoments add(double[] row) {
        if (row.length != d) {
            throw new IllegalArgumentException("expected a row of " + d + " values, actual " + row.length);
        }
        if (block == null) {
            block = new double[d * BLOCK_ROWS];
            blockM2 = new double[d * d];
        }
        for (int j = 0; j < d; j++) {
            block[j * BLOCK_ROWS + pending] = row[j] - pivot[j];
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
    public CoMoments addAll(java.util.Iterator<double[]> rows) {
        rows.forEachRemaining(this::add);
        flush();
        return this;
    }

    /**
     * Merges another accumulator into this one. Merging an empty accumulator changes nothing.
     *
     * @param other an accumulator with the same number of columns and the same pivot; its pending
     *              rows are folded into its own totals first, otherwise it is not modified
     * @return this
     */
    public CoMoments merge(CoMoments other) {
        if (other == this) {
            throw new IllegalArgumentException("cannot merge an accumulator into itself");
        }
        if (other.d != d || !Arrays.equals(other.pivot, pivot)) {
            throw new IllegalArgumentException("expected " + d + " columns with pivot " + Arrays.toString(pivot)
                    + ", actual " + other.d + " columns with pivot " + Arrays.toString(other.pivot));
        }
        other.flush();
        flush();
        mergeTotals(other.count, other.shiftedMean, other.m2);
        return this;
    }

    /** Folds the pending rows into the totals: center the block on its mean, rank-k update, merge. */
    public void flush() {
        if (pending == 0) {
            return;
        }
        int rows = pending;
        long folded = count - rows;
        pending = 0;
        double[] blockMean = new double[d];
        for (int j = 0; j < d; j++) {
            int start = j * BLOCK_ROWS;
            double sum = 0;
            for (int r = 0; r < rows; r++) {
                sum += block[start + r];
            }
            double mean = sum / rows;
            for (int r = 0; r < rows; r++) {
                block[start + r] -= mean;
            }
            blockMean[j] = mean;
        }
        Arrays.fill(blockM2, 0.0);
        Gram.addTo(block, BLOCK_ROWS, rows, d, blockM2);
        count = folded;
        mergeTotals(rows, blockMean, blockM2);
    }

    /** Chan-Golub-LeVeque merge of (nB, meanB, m2B) into the folded totals. */
    private void mergeTotals(long nB, double[] meanB, double[] m2B) {
        if (nB == 0) {
            return;
        }
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

    /** @return the column means (a new array) */
    public double[] mean() {
        flush();
        double[] mean = new double[d];
        for (int j = 0; j < d; j++) {
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

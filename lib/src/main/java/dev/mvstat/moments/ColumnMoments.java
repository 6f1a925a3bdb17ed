package dev.mvstat.moments;

import java.io.Serial;
import java.io.Serializable;
import java.util.List;

/**
 * Row count and per-column mean and sum of squared deviations, updated row by row (Welford 1962)
 * and merged across partitions (Chan, Golub and LeVeque, "Algorithms for computing the sample
 * variance", 1983): what a Gaussian fit needs to standardize each column, in O(d) per row.
 */
public final class ColumnMoments implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final double[] mean;
    private final double[] squaredDeviations;
    private long count;

    public ColumnMoments(int d) {
        mean = new double[d];
        squaredDeviations = new double[d];
    }

    /** Adds the row {@code values[offset .. offset + d)}. */
    public ColumnMoments add(double[] values, int offset) {
        count++;
        for (int j = 0; j < mean.length; j++) {
            double delta = values[offset + j] - mean[j];
            mean[j] += delta / count;
            squaredDeviations[j] += delta * (values[offset + j] - mean[j]);
        }
        return this;
    }

    /** Adds another accumulator's rows. */
    public ColumnMoments merge(ColumnMoments other) {
        if (other.mean.length != mean.length) {
            throw new IllegalArgumentException(
                    "expected rows of " + mean.length + " values, found rows of " + other.mean.length);
        }
        if (other.count == 0) {
            return this;
        }
        long total = count + other.count;
        double weight = (double) other.count / total;
        double cross = (double) count * other.count / total;
        for (int j = 0; j < mean.length; j++) {
            double delta = other.mean[j] - mean[j];
            mean[j] += delta * weight;
            squaredDeviations[j] += other.squaredDeviations[j] + delta * delta * cross;
        }
        count = total;
        return this;
    }

    /**
     * The per-group merge of the parts' moments, in part order (at least one part, each with the
     * same groups).
     *
     * @throws IllegalArgumentException if rows differ in length between parts
     */
    public static ColumnMoments[] mergeAll(List<ColumnMoments[]> parts) {
        ColumnMoments[] total = new ColumnMoments[parts.get(0).length];
        for (int g = 0; g < total.length; g++) {
            total[g] = new ColumnMoments(parts.get(0)[g].dimension());
            for (ColumnMoments[] part : parts) {
                total[g].merge(part[g]);
            }
        }
        return total;
    }

    public int dimension() {
        return mean.length;
    }

    public long count() {
        return count;
    }

    /** @return the column means (a new array) */
    public double[] mean() {
        return mean.clone();
    }

    /** @return the columns' standard deviations with denominator n (a new array; NaN while empty) */
    public double[] standardDeviations() {
        double[] sd = new double[mean.length];
        for (int j = 0; j < sd.length; j++) {
            sd[j] = Math.sqrt(squaredDeviations[j] / count);
        }
        return sd;
    }
}

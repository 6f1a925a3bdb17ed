package dev.mvstat.gaussian;

import java.io.Serial;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/** Row count and per-column minimum and maximum, mergeable across partitions. */
public final class ColumnRange implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final double[] min;
    private final double[] max;
    private long count;

    public ColumnRange(int d) {
        min = new double[d];
        max = new double[d];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
    }

    /** Adds the row {@code values[offset .. offset + d)}. */
    public ColumnRange add(double[] values, int offset) {
        for (int j = 0; j < min.length; j++) {
            double v = values[offset + j];
            min[j] = Math.min(min[j], v);
            max[j] = Math.max(max[j], v);
        }
        count++;
        return this;
    }

    /** Adds another range's rows. */
    public ColumnRange merge(ColumnRange other) {
        if (other.min.length != min.length) {
            throw new IllegalArgumentException("expected rows of " + min.length + " values, found rows of " + other.min.length);
        }
        for (int j = 0; j < min.length; j++) {
            min[j] = Math.min(min[j], other.min[j]);
            max[j] = Math.max(max[j], other.max[j]);
        }
        count += other.count;
        return this;
    }

    /**
     * The per-group merge of the parts' ranges (at least one part, each with the same groups).
     *
     * @throws IllegalArgumentException if rows differ in length between parts
     */
    public static ColumnRange[] mergeAll(List<ColumnRange[]> parts) {
        ColumnRange[] total = new ColumnRange[parts.get(0).length];
        for (int g = 0; g < total.length; g++) {
            total[g] = new ColumnRange(parts.get(0)[g].dimension());
            for (ColumnRange[] part : parts) {
                total[g].merge(part[g]);
            }
        }
        return total;
    }

    public int dimension() {
        return min.length;
    }

    public long count() {
        return count;
    }

    /**
     * The affine map that sends each column's range onto [-1, 1]: centre at the midrange, scale by
     * the half-range (1 for a constant column).
     */
    public Standardization standardization() {
        int d = min.length;
        double[] center = new double[d];
        double[] scale = new double[d];
        for (int j = 0; j < d; j++) {
            double half = max[j] / 2 - min[j] / 2;
            center[j] = min[j] + half;
            scale[j] = half > 0 ? half : 1;
        }
        return new Standardization(center, scale);
    }
}

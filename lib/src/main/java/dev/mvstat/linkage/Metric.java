package dev.mvstat.linkage;

import java.util.Arrays;

/**
 * The distances single linkage can use, on rows as {@link #prepare} returns them. A distance is a
 * sum of one term per coordinate, taken in the order k = 0..d-1, then finished: so
 * {@code distance(a, b)} is bitwise equal to {@code distance(b, a)} and to the value
 * {@link #distancesTo} computes for the same pair, and every spanning tree built from either is the
 * same.
 *
 * <p>Each constant writes its term twice, once for one pair ({@link #term}) and once as a sweep over
 * a column ({@link #accumulate}), with the same operations in the same order: a virtual call inside
 * the sweep would stop the JIT from vectorizing it.
 */
public enum Metric {

    /** sqrt(sum (a_k - b_k)^2). */
    EUCLIDEAN {
        @Override
        double term(double x, double y) {
            double t = x - y;
            return t * t;
        }

        @Override
        void accumulate(double p, double[] column, int from, int to, double[] sums) {
            for (int r = from; r < to; r++) {
                double t = p - column[r];
                sums[r] += t * t;
            }
        }

        @Override
        double finish(double sum) {
            return Math.sqrt(sum);
        }

        @Override
        void finish(double[] sums, int from, int to) {
            for (int r = from; r < to; r++) {
                sums[r] = Math.sqrt(sums[r]);
            }
        }
    },

    /** sum |a_k - b_k|. */
    MANHATTAN {
        @Override
        double term(double x, double y) {
            return Math.abs(x - y);
        }

        @Override
        void accumulate(double p, double[] column, int from, int to, double[] sums) {
            for (int r = from; r < to; r++) {
                sums[r] += Math.abs(p - column[r]);
            }
        }

        @Override
        double finish(double sum) {
            return sum;
        }

        @Override
        void finish(double[] sums, int from, int to) {
            // the sums are the distances
        }
    },

    /**
     * max(0, 1 - sum a_k b_k) on rows of unit Euclidean norm: one minus the cosine of the angle
     * between the original rows, in [0, 2] up to rounding. Not a metric (no triangle inequality),
     * but the spanning tree only needs an order on the pairs.
     */
    COSINE {
        @Override
        double term(double x, double y) {
            return x * y;
        }

        @Override
        void accumulate(double p, double[] column, int from, int to, double[] sums) {
            for (int r = from; r < to; r++) {
                sums[r] += p * column[r];
            }
        }

        @Override
        double finish(double sum) {
            return Math.max(0, 1 - sum);
        }

        @Override
        void finish(double[] sums, int from, int to) {
            for (int r = from; r < to; r++) {
                sums[r] = Math.max(0, 1 - sums[r]);
            }
        }

        @Override
        public double[] prepare(double[] row) {
            // Divided by the largest |entry| first, so that the squares neither underflow nor overflow.
            double scale = 0;
            for (double v : row) {
                scale = Math.max(scale, Math.abs(v));
            }
            if (scale == 0) {
                throw new IllegalArgumentException("cosine distance is undefined for an all-zero row");
            }
            double[] unit = new double[row.length];
            double sum = 0;
            for (int k = 0; k < row.length; k++) {
                unit[k] = row[k] / scale;
                sum += unit[k] * unit[k];
            }
            double norm = Math.sqrt(sum);
            for (int k = 0; k < row.length; k++) {
                unit[k] /= norm;
            }
            return unit;
        }
    };

    /** @return the term of coordinate k for a_k = x and b_k = y */
    abstract double term(double x, double y);

    /** Adds {@code term(p, column[r])} to {@code sums[r]} for r in [from, to); column not modified. */
    abstract void accumulate(double p, double[] column, int from, int to, double[] sums);

    /** @return the distance whose terms add up to {@code sum} */
    abstract double finish(double sum);

    /** Replaces {@code sums[r]} by {@code finish(sums[r])} for r in [from, to). */
    abstract void finish(double[] sums, int from, int to);

    /**
     * The distance between two prepared rows.
     *
     * @param a a row; not modified
     * @param b a row of the same length; not modified
     * @return the distance, bitwise equal to {@code distance(b, a)}
     * @throws IllegalArgumentException if the lengths differ
     */
    public double distance(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("rows of lengths " + a.length + " and " + b.length);
        }
        double sum = 0;
        for (int k = 0; k < a.length; k++) {
            sum += term(a[k], b[k]);
        }
        return finish(sum);
    }

    /**
     * The row as this metric's distances need it: for {@link #COSINE} divided by its Euclidean
     * norm, for the others copied.
     *
     * @param row a row; not modified
     * @return a new array
     * @throws IllegalArgumentException for {@link #COSINE} and a row of zeros only
     */
    public double[] prepare(double[] row) {
        return row.clone();
    }

    /**
     * {@code out[r] = distance(point, row r)} for the rows r in [from, to) of a block stored by
     * column, bitwise equal to {@link #distance}: one sweep over out per coordinate, rows innermost,
     * so the JIT vectorizes each sweep (the rows are independent lanes).
     *
     * @param point   a prepared row of length d; not modified
     * @param columns d arrays, {@code columns[k][r]} coordinate k of row r; not modified
     * @param from    the first row
     * @param to      one past the last row
     * @param out     receives the distances at indices [from, to); modified there only
     */
    public void distancesTo(double[] point, double[][] columns, int from, int to, double[] out) {
        Arrays.fill(out, from, to, 0);
        for (int k = 0; k < point.length; k++) {
            accumulate(point[k], columns[k], from, to, out);
        }
        finish(out, from, to);
    }
}

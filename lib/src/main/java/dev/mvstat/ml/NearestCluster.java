package dev.mvstat.ml;

import dev.mvstat.linkage.Metric;
import dev.mvstat.mahalanobis.MahalanobisModel;
import dev.mvstat.mahalanobis.Whitener;

import java.io.Serializable;

/**
 * The flat cluster a new row joins: that of its nearest training row (the first one among equally
 * near rows) when that row is within the cut height, else {@link #NONE}. A row equal to a training
 * row in the metric's space is at distance 0 from it (cosine's rounding can leave {@code 1 - |u|^2}
 * a little above 0), so a training row gets its own cluster. Brute force: each query measures its
 * distance to all n training rows, held by column, one vectorized sweep per coordinate
 * ({@link Metric#distancesTo}), O(n d). For metric mahalanobis rows are whitened first,
 * {@code z = L^-1 (x - mean)}, bit-identically to the training rows at fit. Built on the driver and
 * broadcast once.
 */
final class NearestCluster implements Serializable {

    /** The label of a row within the cut height of no training row. */
    static final int NONE = -1;

    private final Metric metric;
    /** The training rows prepared for the metric, by column: {@code columns[k][r]}. */
    private final double[][] columns;
    /** The flat cluster of each training row. */
    private final int[] labels;

    private final double height;
    /** The whitening of metric mahalanobis, or null. */
    private final MahalanobisModel whitening;

    /**
     * @param points    the training rows in the metric's space (whitened for mahalanobis), row-major n x d
     * @param d         values per row
     * @param metric    the distance between rows of that space
     * @param whitening maps a new row into that space, or null when rows are used as they are
     * @param labels    the flat cluster of each training row
     * @param height    the cut height
     */
    NearestCluster(double[] points, int d, Metric metric, MahalanobisModel whitening, int[] labels, double height) {
        int n = labels.length;
        this.metric = metric;
        this.columns = new double[d][n];
        for (int r = 0; r < n; r++) {
            double[] row = new double[d];
            System.arraycopy(points, r * d, row, 0, d);
            double[] prepared = metric.prepare(row);
            for (int k = 0; k < d; k++) {
                columns[k][r] = prepared[k];
            }
        }
        this.labels = labels.clone();
        this.height = height;
        this.whitening = whitening;
    }

    /** @return a new workspace for one task's queries */
    Query query() {
        return new Query();
    }

    /** One task's workspace: the distances of a query and the whitener. Not thread-safe. */
    final class Query {
        private final double[] distances = new double[labels.length];
        private final Whitener whitener = whitening == null ? null : whitening.whitener();
        private final double[][] whitened = new double[1][];

        /**
         * @param values a row's values, of the training rows' length; not modified
         * @return the flat cluster it joins, or {@link #NONE}
         * @throws IllegalArgumentException for metric cosine and a row of zeros only
         */
        int clusterOf(double[] values) {
            double[] point = metric.prepare(whiten(values));
            int n = labels.length;
            metric.distancesTo(point, columns, 0, n, distances);
            int nearest = 0;
            for (int r = 1; r < n; r++) {
                if (distances[r] < distances[nearest]) {
                    nearest = r;
                }
            }
            if (distances[nearest] <= height) {
                return labels[nearest];
            }
            int equal = equalRow(point);
            return equal >= 0 ? labels[equal] : NONE;
        }

        private double[] whiten(double[] values) {
            if (whitener == null) {
                return values;
            }
            whitener.add(values);
            whitener.whitened(whitened);
            return whitened[0];
        }

        /** @return the first training row equal to the prepared point, or -1 */
        private int equalRow(double[] point) {
            for (int r = 0; r < labels.length; r++) {
                int k = 0;
                while (k < point.length && columns[k][r] == point[k]) {
                    k++;
                }
                if (k == point.length) {
                    return r;
                }
            }
            return -1;
        }
    }
}

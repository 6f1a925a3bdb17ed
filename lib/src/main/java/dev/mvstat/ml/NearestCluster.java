package dev.mvstat.ml;

import dev.mvstat.hdbscan.ClusterAttachment;
import dev.mvstat.linkage.Metric;
import dev.mvstat.mahalanobis.MahalanobisModel;
import dev.mvstat.mahalanobis.Whitener;

import java.io.Serializable;

/**
 * The flat cluster a new row joins: that of its nearest training row (the first one among equally
 * near rows) when that row is within the cut height, else {@link #NONE}. Under HDBSCAN* the
 * nearest training row is by mutual reachability distance max(core(x), core(r), d(x, r)), the new
 * row's core distance being its distance to its min-samples-th nearest training row, equally
 * reachable rows taken by distance, and the {@link ClusterAttachment} decides. A row equal to a training
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
    /** The flat cluster of each training row, or null under HDBSCAN*. */
    private final int[] labels;

    private final double height;
    /** Where new rows land under HDBSCAN*, else null. */
    private final ClusterAttachment attachment;
    /** The core distance of each training row under HDBSCAN*, else null. */
    private final double[] cores;
    /** HDBSCAN*'s min samples. */
    private final int minSamples;
    /** The whitening of metric mahalanobis, or null. */
    private final MahalanobisModel whitening;

    /**
     * A flat cut's rule.
     *
     * @param points    the training rows in the metric's space (whitened for mahalanobis), row-major n x d
     * @param d         values per row
     * @param metric    the distance between rows of that space
     * @param whitening maps a new row into that space, or null when rows are used as they are
     * @param labels    the flat cluster of each training row
     * @param height    the cut height
     */
    NearestCluster(double[] points, int d, Metric metric, MahalanobisModel whitening, int[] labels, double height) {
        this(points, d, metric, whitening, labels.clone(), height, null, null, 1);
    }

    /**
     * HDBSCAN*'s rule.
     *
     * @param attachment where new rows land
     * @param cores      each training row's core distance; not copied
     * @param minSamples the neighbour of a core distance
     */
    NearestCluster(
            double[] points,
            int d,
            Metric metric,
            MahalanobisModel whitening,
            ClusterAttachment attachment,
            double[] cores,
            int minSamples) {
        this(points, d, metric, whitening, null, 0, attachment, cores, minSamples);
    }

    private NearestCluster(
            double[] points,
            int d,
            Metric metric,
            MahalanobisModel whitening,
            int[] labels,
            double height,
            ClusterAttachment attachment,
            double[] cores,
            int minSamples) {
        int n = points.length / d;
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
        this.labels = labels;
        this.height = height;
        this.attachment = attachment;
        this.cores = cores;
        this.minSamples = minSamples;
        this.whitening = whitening;
    }

    /** @return the k-th smallest of the values (Hoare's selection), which it reorders */
    private static double kthSmallest(double[] values, int k) {
        int lo = 0;
        int hi = values.length - 1;
        int target = k - 1;
        while (lo < hi) {
            double pivot = values[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (values[i] < pivot) {
                    i++;
                }
                while (values[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double t = values[i];
                    values[i++] = values[j];
                    values[j--] = t;
                }
            }
            if (target <= j) {
                hi = j;
            } else if (target >= i) {
                lo = i;
            } else {
                break;
            }
        }
        return values[target];
    }

    /** @return a new workspace for one task's queries */
    Query query() {
        return new Query();
    }

    /** One task's workspace: the distances of a query and the whitener. Not thread-safe. */
    final class Query {
        private final double[] distances = new double[columns[0].length];
        private final double[] reachability = cores == null ? distances : new double[distances.length];
        private final Whitener whitener = whitening == null ? null : whitening.whitener();
        private final double[][] whitened = new double[1][];

        /**
         * @param values a row's values, of the training rows' length; not modified
         * @return the flat cluster it joins, or {@link #NONE}
         * @throws IllegalArgumentException for metric cosine and a row of zeros only
         */
        int clusterOf(double[] values) {
            double[] point = metric.prepare(whiten(values));
            int n = distances.length;
            metric.distancesTo(point, columns, 0, n, distances);
            if (cores != null) {
                System.arraycopy(distances, 0, reachability, 0, n);
                double core = kthSmallest(reachability, minSamples);
                for (int r = 0; r < n; r++) {
                    reachability[r] = Math.max(distances[r], Math.max(core, cores[r]));
                }
            }
            int nearest = 0;
            for (int r = 1; r < n; r++) {
                if (reachability[r] < reachability[nearest]
                        || reachability[r] == reachability[nearest] && distances[r] < distances[nearest]) {
                    nearest = r;
                }
            }
            if (attachment != null) {
                return attachment.label(nearest, reachability[nearest]);
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
            for (int r = 0; r < distances.length; r++) {
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

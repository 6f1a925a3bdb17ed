package dev.mvstat.linkage;

import java.io.Serializable;

/**
 * For each point of a {@link PointBlock}, the k smallest distances to the points seen so far, for
 * core distances under any metric: a point sees its own block (itself included, at distance 0,
 * as scikit-learn counts it) and every other block once, in any order and any grouping, since sets
 * of smallest values merge ({@link #merge}). O(k) memory per point.
 */
public final class NeighborDistances implements Serializable {

    private final int k;
    /** The heaps of the points, k values each ({@link SmallestValues}). */
    private final double[] heaps;
    /** The number of values in each point's heap. */
    private final int[] sizes;

    /**
     * @param points the points of the block
     * @param k      the distances kept per point, at least 1
     */
    public NeighborDistances(int points, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("expected k >= 1 neighbours, actual " + k);
        }
        this.k = k;
        this.heaps = new double[Math.multiplyExact(points, k)];
        this.sizes = new int[points];
    }

    /**
     * Offers every point of {@code a} its distances to the points of {@code b}, and when
     * {@code toB} is given, every point of {@code b} its distances to those of {@code a}: each
     * distance is computed once ({@link Metric#distancesTo}, symmetric bit for bit).
     *
     * @param toA the distances of a's points; modified
     * @param toB the distances of b's points, or null (e.g. when b is a); modified
     */
    public static void offer(PointBlock a, PointBlock b, Metric metric, NeighborDistances toA, NeighborDistances toB) {
        double[] point = new double[a.dimension()];
        double[] distances = new double[b.size()];
        double[][] columnsA = a.columns();
        for (int r = 0; r < a.size(); r++) {
            for (int c = 0; c < point.length; c++) {
                point[c] = columnsA[c][r];
            }
            metric.distancesTo(point, b.columns(), 0, b.size(), distances);
            for (int j = 0; j < distances.length; j++) {
                toA.offer(r, distances[j]);
                if (toB != null) {
                    toB.offer(j, distances[j]);
                }
            }
        }
    }

    private void offer(int r, double distance) {
        sizes[r] = SmallestValues.offer(heaps, r * k, sizes[r], k, distance);
    }

    /**
     * @param other the distances of the same block's points to other points; not modified
     * @return this, holding for each point the k smallest of both
     */
    public NeighborDistances merge(NeighborDistances other) {
        for (int r = 0; r < sizes.length; r++) {
            for (int i = 0; i < other.sizes[r]; i++) {
                offer(r, other.heaps[r * k + i]);
            }
        }
        return this;
    }

    /**
     * @return the k-th smallest distance of point r seen
     * @throws IllegalStateException if point r has seen fewer than k points
     */
    public double kth(int r) {
        if (sizes[r] < k) {
            throw new IllegalStateException("point " + r + " has seen " + sizes[r] + " points, fewer than " + k);
        }
        return heaps[r * k];
    }
}

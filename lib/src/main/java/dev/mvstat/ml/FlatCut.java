package dev.mvstat.ml;

import dev.mvstat.linkage.Dendrogram;

/**
 * A flat cut of a single-linkage dendrogram, as the cluster job and scipy's {@code fcluster} make
 * it: at most k clusters ({@link Dendrogram#clustersOf}, criterion "maxclust") or every merge at a
 * distance up to a threshold ({@link Dendrogram#clustersAtDistance}, criterion "distance"). Its
 * height is the largest merge distance it applies: a new row within that distance of a training
 * row would have been merged into that row's cluster.
 */
final class FlatCut {

    /** The number of clusters asked for, or 0 when cutting at {@link #threshold}. */
    private final int k;

    private final double threshold;

    private FlatCut(int k, double threshold) {
        this.k = k;
        this.threshold = threshold;
    }

    /**
     * @param params the stage's params
     * @return distanceThreshold's cut when it is set, else k's
     * @throws IllegalArgumentException if both k and distanceThreshold are set, or either with minClusterSize
     */
    static FlatCut of(SingleLinkageParams<?> params) {
        boolean threshold = params.isSet(params.distanceThreshold());
        if (params.isHdbscan() && (threshold || params.isSet(params.k()))) {
            throw new IllegalArgumentException("set minClusterSize (HDBSCAN*) or a flat cut (k, distanceThreshold), "
                    + "not both: clear one of them");
        }
        if (threshold && params.isSet(params.k())) {
            throw new IllegalArgumentException("set k (" + params.getK() + ") or distanceThreshold ("
                    + params.getDistanceThreshold() + "), not both: clear one of them");
        }
        return threshold ? new FlatCut(0, params.getDistanceThreshold()) : new FlatCut(params.getK(), 0);
    }

    /** @return each observation's cluster, labelled 1..m by smallest observation, as the cluster job labels them */
    int[] labels(Dendrogram tree) {
        return k > 0 ? tree.clustersOf(k) : tree.clustersAtDistance(threshold);
    }

    /**
     * @return the threshold; for k &lt; n the distance of merge n - k - 1, the last one
     *         {@link Dendrogram#clustersOf} applies; for k &ge; n, which applies none, 0, so that
     *         only a row equal to a training row joins its cluster
     */
    double height(Dendrogram tree) {
        if (k == 0) {
            return threshold;
        }
        int n = tree.observations();
        return k < n ? tree.distance(n - k - 1) : 0;
    }
}

package dev.mvstat.hdbscan;

import java.io.Serializable;

/**
 * Where a new observation lands in a fitted HDBSCAN* clustering, as the {@code hdbscan} package's
 * {@code approximate_predict} places it (McInnes and Healy): given the training observation nearest
 * to it by mutual reachability distance, at density λ = 1 / that distance, it falls in the
 * condensed-tree cluster the neighbour left, or in that cluster's nearest ancestor already born at
 * λ; it takes the label of that cluster's selected owner, or is noise. A training observation
 * placed at its own core distance gets its own label.
 */
public final class ClusterAttachment implements Serializable {

    /** The cluster each training observation leaves, by number - n. */
    private final int[] clusterOf;
    /** Each cluster's parent, by number - n; -1 for the root. */
    private final int[] parents;
    /** The density at which each cluster is born. */
    private final double[] births;
    /** The label of each cluster's nearest selected ancestor (itself included), or noise. */
    private final int[] ownerLabels;
    /** The root's label when it is the single cluster selected, else noise. */
    private final int rootLabel;
    /** The density from which an observation falling in the root belongs to it, when it is selected. */
    private final double rootThreshold;

    ClusterAttachment(
            int[] clusterOf, int[] parents, double[] births, int[] ownerLabels, int rootLabel, double rootThreshold) {
        this.clusterOf = clusterOf;
        this.parents = parents;
        this.births = births;
        this.ownerLabels = ownerLabels;
        this.rootLabel = rootLabel;
        this.rootThreshold = rootThreshold;
    }

    /**
     * @param nearest  the training observation nearest by mutual reachability distance
     * @param distance that distance
     * @return the label the new observation gets, 1..m, or {@link HdbscanClusters#NOISE}
     */
    public int label(int nearest, double distance) {
        if (parents.length == 0) { // a single observation: no cluster
            return HdbscanClusters.NOISE;
        }
        double lambda = distance > 0 ? 1 / distance : Double.POSITIVE_INFINITY;
        int c = clusterOf[nearest];
        while (c > 0 && births[c] >= lambda) {
            c = parents[c];
        }
        if (ownerLabels[c] != HdbscanClusters.NOISE) {
            return ownerLabels[c];
        }
        return c == 0 && lambda >= rootThreshold ? rootLabel : HdbscanClusters.NOISE;
    }
}

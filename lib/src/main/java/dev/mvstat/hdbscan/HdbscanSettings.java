package dev.mvstat.hdbscan;

import java.io.Serializable;

/**
 * What HDBSCAN* is asked for, with scikit-learn's meanings.
 *
 * @param minClusterSize     the fewest observations of a cluster, at least 2
 * @param minSamples         the neighbour whose distance is an observation's core distance,
 *                           the observation itself counted as the first, at least 1
 * @param selection          how clusters are picked from the condensed tree
 * @param epsilon            the selection epsilon: clusters born below this distance merge up to
 *                           an ancestor born above it; 0 for none
 * @param allowSingleCluster whether the whole data may be the one cluster selected
 */
public record HdbscanSettings(
        int minClusterSize, int minSamples, ClusterSelection selection, double epsilon, boolean allowSingleCluster)
        implements Serializable {

    /** @throws IllegalArgumentException for a value out of its range */
    public HdbscanSettings {
        if (minClusterSize < 2) {
            throw new IllegalArgumentException(
                    "expected a minimum cluster size of at least 2, actual " + minClusterSize);
        }
        if (minSamples < 1) {
            throw new IllegalArgumentException("expected min samples of at least 1, actual " + minSamples);
        }
        if (selection == null) {
            throw new IllegalArgumentException("expected a cluster selection, eom or leaf");
        }
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("expected a finite selection epsilon >= 0, actual " + epsilon);
        }
    }

    /** @return the defaults for a minimum cluster size: min samples the same, excess of mass, no epsilon */
    public static HdbscanSettings of(int minClusterSize) {
        return new HdbscanSettings(minClusterSize, minClusterSize, ClusterSelection.EOM, 0, false);
    }
}

package dev.mvstat.hdbscan;

import java.util.Arrays;
import java.util.Locale;

/**
 * How HDBSCAN* picks its flat clusters from the {@link CondensedTree}, as scikit-learn's
 * {@code HDBSCAN}: by excess of mass or the tree's leaves, then, with a selection epsilon, each
 * chosen cluster born below that distance replaced by its nearest ancestor born above it (the
 * "hybrid" of HDBSCAN* and DBSCAN*, Malzer and Baum 2020). The root is a candidate only when a
 * single cluster is allowed.
 */
public enum ClusterSelection {

    /**
     * Excess of mass (Campello, Moulavi and Sander 2013): bottom-up, a cluster is chosen when its
     * stability is at least the sum of its children's, which it otherwise takes on; chosen
     * clusters under a chosen ancestor are dropped.
     */
    EOM {
        @Override
        boolean[] choose(CondensedTree tree, boolean allowSingleCluster, double epsilon) {
            int c = tree.clusters();
            int[] parents = tree.clusterParents();
            double[] stability = tree.stabilities();
            double[] childStability = new double[c];
            boolean[] chosen = new boolean[c];
            for (int k = c - 1; k >= (allowSingleCluster ? 0 : 1); k--) {
                if (childStability[k] > stability[k]) {
                    stability[k] = childStability[k];
                } else {
                    chosen[k] = true;
                }
                if (parents[k] >= 0) {
                    childStability[parents[k]] += stability[k];
                }
            }
            boolean[] selected = new boolean[c];
            boolean[] underChosen = new boolean[c];
            for (int k = 0; k < c; k++) { // a parent's number is below its children's
                int p = parents[k];
                underChosen[k] = p >= 0 && (underChosen[p] || chosen[p]);
                selected[k] = chosen[k] && !underChosen[k];
            }
            boolean rootOnly = c > 0 && selected[0];
            return epsilon == 0 || c < 2 || rootOnly
                    ? selected
                    : epsilonSearch(tree, selected, allowSingleCluster, epsilon);
        }
    },

    /** The leaves of the tree of clusters: the finest clusters of at least the minimum size. */
    LEAF {
        @Override
        boolean[] choose(CondensedTree tree, boolean allowSingleCluster, double epsilon) {
            int c = tree.clusters();
            boolean[] leaves = new boolean[c];
            if (c < 2) {
                return leaves;
            }
            int[] parents = tree.clusterParents();
            Arrays.fill(leaves, true);
            for (int k = 1; k < c; k++) {
                leaves[parents[k]] = false;
            }
            return epsilon == 0 ? leaves : epsilonSearch(tree, leaves, allowSingleCluster, epsilon);
        }
    };

    /**
     * @param tree               the condensed tree
     * @param allowSingleCluster whether the root may be chosen
     * @param epsilon            the selection epsilon, a distance, 0 for none
     * @return whether each cluster (by number - n) is selected
     */
    public boolean[] select(CondensedTree tree, boolean allowSingleCluster, double epsilon) {
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("expected a finite selection epsilon >= 0, actual " + epsilon);
        }
        return choose(tree, allowSingleCluster, epsilon);
    }

    abstract boolean[] choose(CondensedTree tree, boolean allowSingleCluster, double epsilon);

    /** @return the selection named {@code eom} or {@code leaf} (any case) */
    public static ClusterSelection parse(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** @return the name in options and outputs: {@code eom} or {@code leaf} */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * scikit-learn's epsilon search, its candidates taken in increasing order: a candidate born at a
     * distance (1 / λ) below epsilon is replaced by its nearest ancestor born above epsilon, the
     * root only when a single cluster is allowed (else it stays), and the clusters under such an
     * ancestor are not searched again.
     */
    private static boolean[] epsilonSearch(
            CondensedTree tree, boolean[] candidates, boolean allowSingleCluster, double epsilon) {
        int[] parents = tree.clusterParents();
        double[] births = tree.births();
        boolean[] picked = new boolean[candidates.length];
        boolean[] raised = new boolean[candidates.length];
        for (int k = 1; k < candidates.length; k++) {
            if (!candidates[k]) {
                continue;
            }
            if (1 / births[k] >= epsilon) {
                picked[k] = true;
            } else if (!underRaised(k, parents, raised)) {
                int pick = k;
                for (int at = k; ; ) {
                    int p = parents[at];
                    if (p == 0) {
                        pick = allowSingleCluster ? 0 : at;
                        break;
                    }
                    if (1 / births[p] > epsilon) {
                        pick = p;
                        break;
                    }
                    at = p;
                }
                picked[pick] = true;
                raised[pick] = true;
            }
        }
        return picked;
    }

    /** @return whether a proper ancestor of cluster k was picked by climbing */
    private static boolean underRaised(int k, int[] parents, boolean[] raised) {
        for (int p = parents[k]; p >= 0; p = parents[p]) {
            if (raised[p]) {
                return true;
            }
        }
        return false;
    }
}

package dev.mvstat.hdbscan;

import dev.mvstat.linkage.Dendrogram;

import java.util.Arrays;

/**
 * HDBSCAN*'s flat clustering (Campello, Moulavi and Sander 2013; McInnes and Healy 2017), read off
 * the single-linkage hierarchy of the mutual reachability distances: its {@link CondensedTree},
 * the clusters {@link ClusterSelection} picks, and for each observation, as scikit-learn's
 * {@code HDBSCAN} gives them, a label, a membership probability and the GLOSH outlier score.
 *
 * <p>An observation belongs to the nearest selected cluster among the clusters it passed through;
 * with none it is noise, label -1. Clusters are labelled 1..m in the order of each cluster's
 * smallest observation, as the flat cuts of {@link Dendrogram} are. When the root is the single
 * cluster selected, an observation belongs to it only if it leaves at a density of at least
 * 1 / epsilon, or without an epsilon, at the root's last density, as scikit-learn decides.
 */
public final class HdbscanClusters {

    /** The label of noise. */
    public static final int NOISE = -1;

    private final CondensedTree tree;
    private final int[] labels;
    private final double[] probabilities;
    private final double[] outlierScores;
    /** Where new observations land. */
    private final ClusterAttachment attachment;

    private final int clusters;

    private HdbscanClusters(
            CondensedTree tree,
            int[] labels,
            double[] probabilities,
            double[] outlierScores,
            ClusterAttachment attachment,
            int clusters) {
        this.tree = tree;
        this.attachment = attachment;
        this.labels = labels;
        this.probabilities = probabilities;
        this.outlierScores = outlierScores;
        this.clusters = clusters;
    }

    /**
     * @param reachability the single-linkage hierarchy of the mutual reachability distances with the
     *                     settings' min samples
     * @param settings     the minimum cluster size and the selection
     * @return the clustering
     */
    public static HdbscanClusters of(Dendrogram reachability, HdbscanSettings settings) {
        CondensedTree tree = CondensedTree.of(reachability, settings.minClusterSize());
        int n = tree.observations();
        int c = tree.clusters();
        boolean[] selected = settings.selection().select(tree, settings.allowSingleCluster(), settings.epsilon());
        int[] parents = tree.clusterParents();
        int[] owner = new int[c];
        int count = 0;
        for (int k = 0; k < c; k++) { // a parent's number is below its children's
            owner[k] = selected[k] ? k : k == 0 ? -1 : owner[parents[k]];
            count += selected[k] ? 1 : 0;
        }
        double[] largest = tree.largestChildLambdas();
        boolean singleRoot = c > 0 && selected[0] && count == 1;
        double rootThreshold = settings.epsilon() != 0 ? 1 / settings.epsilon() : c > 0 ? largest[0] : 0;
        int[] labelOfCluster = new int[c];
        int[] clusterOf = new int[n];
        double[] lambdaOf = new double[n];
        int[] parentOf = new int[n];
        Arrays.fill(clusterOf, -1);
        for (int i = 0; i < tree.size(); i++) {
            int x = tree.child(i);
            if (x < n) {
                int o = owner[tree.parent(i) - n];
                boolean member = o > 0 || o == 0 && singleRoot && tree.lambda(i) >= rootThreshold;
                clusterOf[x] = member ? o : -1;
                lambdaOf[x] = tree.lambda(i);
                parentOf[x] = tree.parent(i) - n;
            }
        }
        int[] labels = new int[n];
        double[] probabilities = new double[n];
        int m = 0;
        for (int x = 0; x < n; x++) {
            int o = clusterOf[x];
            if (o < 0) {
                labels[x] = NOISE;
                continue;
            }
            if (labelOfCluster[o] == 0) {
                labelOfCluster[o] = ++m;
            }
            labels[x] = labelOfCluster[o];
            probabilities[x] = membership(lambdaOf[x], largest[o]);
        }
        int[] ownerLabels = new int[c];
        for (int k = 0; k < c; k++) {
            ownerLabels[k] = owner[k] > 0 && labelOfCluster[owner[k]] > 0 ? labelOfCluster[owner[k]] : NOISE;
        }
        int rootLabel = singleRoot && labelOfCluster[0] > 0 ? labelOfCluster[0] : NOISE;
        ClusterAttachment attachment =
                new ClusterAttachment(parentOf, parents, tree.births(), ownerLabels, rootLabel, rootThreshold);
        return new HdbscanClusters(tree, labels, probabilities, outlierScores(tree, lambdaOf, parentOf), attachment, m);
    }

    /** scikit-learn's membership probability: the leaving density relative to the cluster's last. */
    private static double membership(double lambda, double largest) {
        return largest == 0 || Double.isInfinite(lambda) ? 1 : Math.min(lambda, largest) / largest;
    }

    /**
     * GLOSH (Campello, Moulavi, Zimek and Sander 2015): 1 - λ(x) / λmax, λmax the highest density
     * at which any observation leaves the cluster x leaves or one below it.
     */
    private static double[] outlierScores(CondensedTree tree, double[] lambdaOf, int[] parentOf) {
        int n = tree.observations();
        int c = tree.clusters();
        double[] highest = new double[c];
        for (int i = 0; i < tree.size(); i++) {
            if (tree.child(i) < n) {
                int p = tree.parent(i) - n;
                highest[p] = Math.max(highest[p], tree.lambda(i));
            }
        }
        int[] parents = tree.clusterParents();
        for (int k = c - 1; k > 0; k--) {
            int p = parents[k];
            highest[p] = Math.max(highest[p], highest[k]);
        }
        double[] scores = new double[n];
        for (int x = 0; x < n && c > 0; x++) {
            double max = highest[parentOf[x]];
            double lambda = lambdaOf[x];
            scores[x] = max == 0 || Double.isInfinite(lambda) ? 0 : Double.isInfinite(max) ? 1 : (max - lambda) / max;
        }
        return scores;
    }

    /** @return the condensed tree */
    public CondensedTree condensedTree() {
        return tree;
    }

    /** @return each observation's cluster, 1..m, or {@link #NOISE}; a copy */
    public int[] labels() {
        return labels.clone();
    }

    /** @return each observation's membership probability, in [0, 1], 0 for noise; a copy */
    public double[] probabilities() {
        return probabilities.clone();
    }

    /** @return each observation's GLOSH outlier score, in [0, 1]; a copy */
    public double[] outlierScores() {
        return outlierScores.clone();
    }

    /** @return where new observations land in this clustering */
    public ClusterAttachment attachment() {
        return attachment;
    }

    /** @return the number of clusters m */
    public int clusters() {
        return clusters;
    }

    /** @return the number of observations labelled noise */
    public int noise() {
        int noise = 0;
        for (int label : labels) {
            noise += label == NOISE ? 1 : 0;
        }
        return noise;
    }
}

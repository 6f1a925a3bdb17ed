package dev.mvstat.hdbscan;

import dev.mvstat.linkage.Dendrogram;

import java.util.Arrays;

/**
 * HDBSCAN*'s condensed cluster tree (Campello, Moulavi and Sander 2013; the construction of
 * McInnes and Healy 2017, as scikit-learn's {@code _condense_tree}): the single-linkage hierarchy
 * of the mutual reachability distances, walked from the top in breadth-first order, keeps a split
 * as two new clusters when both sides hold at least the minimum cluster size; otherwise the
 * smaller side's points fall out of the cluster, which goes on as the larger side. Densities are
 * λ = 1 / distance (+∞ at distance 0).
 *
 * <p>Rows are (parent, child, λ, child size): a child below n is an observation leaving the
 * parent cluster at λ; a child from n up is a cluster born at λ. The root cluster is n, clusters
 * are numbered n, n + 1, ... in breadth-first order, so a parent's number is below its children's.
 */
public final class CondensedTree {

    private final int n;
    private int rows;
    private int[] parent;
    private int[] child;
    private double[] lambda;
    private int[] childSize;
    private int clusters;

    private CondensedTree(int n) {
        this.n = n;
        int capacity = Math.max(1, 2 * n);
        parent = new int[capacity];
        child = new int[capacity];
        lambda = new double[capacity];
        childSize = new int[capacity];
        clusters = n > 1 ? 1 : 0;
    }

    /**
     * @param hierarchy      the single-linkage hierarchy of the mutual reachability distances
     * @param minClusterSize the fewest observations of a cluster, at least 2
     * @return its condensed tree; empty for a single observation
     * @throws IllegalArgumentException if minClusterSize < 2
     */
    public static CondensedTree of(Dendrogram hierarchy, int minClusterSize) {
        if (minClusterSize < 2) {
            throw new IllegalArgumentException(
                    "expected a minimum cluster size of at least 2, actual " + minClusterSize);
        }
        int n = hierarchy.observations();
        CondensedTree tree = new CondensedTree(n);
        if (n < 2) {
            return tree;
        }
        int[] label = new int[2 * n - 1];
        int[] queue = new int[2 * n - 1];
        int[] points = new int[2 * n - 1];
        int head = 0;
        int tail = 0;
        queue[tail++] = 2 * n - 2;
        label[2 * n - 2] = n;
        while (head < tail) {
            int node = queue[head++];
            int merge = node - n;
            double distance = hierarchy.distance(merge);
            double density = distance > 0 ? 1 / distance : Double.POSITIVE_INFINITY;
            int left = hierarchy.left(merge);
            int right = hierarchy.right(merge);
            int leftSize = sizeOf(hierarchy, left);
            int rightSize = sizeOf(hierarchy, right);
            boolean leftStays = leftSize >= minClusterSize;
            boolean rightStays = rightSize >= minClusterSize;
            if (leftStays && rightStays) {
                for (int side : new int[] {left, right}) {
                    label[side] = n + tree.clusters++;
                    tree.add(label[node], label[side], density, sizeOf(hierarchy, side));
                    queue[tail++] = side;
                }
                continue;
            }
            for (int side : new int[] {left, right}) {
                boolean stays = side == left ? leftStays : rightStays;
                if (stays) {
                    label[side] = label[node];
                    queue[tail++] = side;
                } else {
                    int count = observationsUnder(hierarchy, side, points);
                    for (int i = 0; i < count; i++) {
                        tree.add(label[node], points[i], density, 1);
                    }
                }
            }
        }
        return tree;
    }

    private static int sizeOf(Dendrogram hierarchy, int node) {
        int n = hierarchy.observations();
        return node < n ? 1 : hierarchy.size(node - n);
    }

    /**
     * Lists the observations under a node of the hierarchy in breadth-first order.
     *
     * @param out receives them, from index 0; modified (its length is at least 2n - 1)
     * @return their number
     */
    private static int observationsUnder(Dendrogram hierarchy, int node, int[] out) {
        int n = hierarchy.observations();
        if (node < n) {
            out[0] = node;
            return 1;
        }
        // Breadth-first over the subtree: out holds the queue, observations are compacted behind it.
        int head = 0;
        int tail = 0;
        int found = 0;
        out[tail++] = node;
        while (head < tail) {
            int x = out[head++];
            if (x < n) {
                out[found++] = x;
            } else {
                out[tail++] = hierarchy.left(x - n);
                out[tail++] = hierarchy.right(x - n);
            }
        }
        return found;
    }

    private void add(int p, int c, double l, int size) {
        if (rows == parent.length) {
            int capacity = 2 * rows;
            parent = Arrays.copyOf(parent, capacity);
            child = Arrays.copyOf(child, capacity);
            lambda = Arrays.copyOf(lambda, capacity);
            childSize = Arrays.copyOf(childSize, capacity);
        }
        parent[rows] = p;
        child[rows] = c;
        lambda[rows] = l;
        childSize[rows] = size;
        rows++;
    }

    /** @return the number of observations n; the root cluster is numbered n */
    public int observations() {
        return n;
    }

    /** @return the number of clusters, the root included (0 for a single observation) */
    public int clusters() {
        return clusters;
    }

    /** @return the number of rows */
    public int size() {
        return rows;
    }

    /** @return the cluster row i leaves from or is born in */
    public int parent(int i) {
        return parent[i];
    }

    /** @return the observation (below n) or cluster (from n) of row i */
    public int child(int i) {
        return child[i];
    }

    /** @return the density λ = 1 / distance at which row i's child leaves or is born */
    public double lambda(int i) {
        return lambda[i];
    }

    /** @return the observations of row i's child: 1 for an observation */
    public int childSize(int i) {
        return childSize[i];
    }

    /** @return each cluster's parent cluster, both by number - n; -1 for the root */
    int[] clusterParents() {
        int[] parents = new int[clusters];
        if (clusters > 0) {
            parents[0] = -1;
        }
        for (int i = 0; i < rows; i++) {
            if (child[i] >= n) {
                parents[child[i] - n] = parent[i] - n;
            }
        }
        return parents;
    }

    /** @return the λ at which each cluster is born, by cluster - n; 0 for the root */
    double[] births() {
        double[] births = new double[clusters];
        for (int i = 0; i < rows; i++) {
            if (child[i] >= n) {
                births[child[i] - n] = lambda[i];
            }
        }
        return births;
    }

    /**
     * @return each cluster's stability (excess of mass), by cluster - n: the sum over its rows of
     *         (λ - the cluster's birth) times the child's size
     */
    double[] stabilities() {
        double[] births = births();
        double[] stability = new double[clusters];
        for (int i = 0; i < rows; i++) {
            stability[parent[i] - n] += (lambda[i] - births[parent[i] - n]) * childSize[i];
        }
        return stability;
    }

    /** @return the largest λ among each cluster's own rows (scikit-learn's "deaths"), by cluster - n */
    double[] largestChildLambdas() {
        double[] largest = new double[clusters];
        for (int i = 0; i < rows; i++) {
            largest[parent[i] - n] = Math.max(largest[parent[i] - n], lambda[i]);
        }
        return largest;
    }
}

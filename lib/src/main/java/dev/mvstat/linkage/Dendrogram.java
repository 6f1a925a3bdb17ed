package dev.mvstat.linkage;

import dev.mvstat.moments.AverageRanks;

import java.io.Serial;
import java.io.Serializable;

/**
 * The single-linkage hierarchy of n observations, read off their minimum spanning tree (Gower and
 * Ross, "Minimum spanning trees and single linkage cluster analysis", 1969), as scipy's linkage
 * matrix: merge i joins clusters {@link #left(int)} and {@link #right(int)} at {@link #distance(int)}
 * into cluster n + i of {@link #size(int)} observations, clusters 0..n-1 being the observations.
 *
 * <p>Merges follow the tree's edges in the order of {@link Edges#compare}, so distances are
 * non-decreasing and the tie order is that of the edges' (smaller endpoint, larger endpoint): among
 * merges at one distance, the one whose edge has the smaller endpoints comes first. scipy may order
 * such ties otherwise; the distances and the flat clusters are the same.
 *
 * <p>Flat clusters are labelled 1..m in the order of each cluster's smallest observation: observation
 * 0 is in cluster 1, the first observation outside it in cluster 2, and so on.
 */
public final class Dendrogram implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Number of observations n. */
    private final int n;
    /** Smaller id of the two clusters each merge joins. */
    private final int[] left;
    /** Larger id of the two clusters each merge joins. */
    private final int[] right;
    /** Distance of each merge, non-decreasing. */
    private final double[] distance;
    /** Number of observations in the cluster each merge creates. */
    private final int[] size;

    private Dendrogram(int n) {
        this.n = n;
        this.left = new int[n - 1];
        this.right = new int[n - 1];
        this.distance = new double[n - 1];
        this.size = new int[n - 1];
    }

    /**
     * The hierarchy of a minimum spanning tree: its edges are merged in the order of
     * {@link Edges#compare}, each joining the clusters that hold its endpoints.
     *
     * @param tree n - 1 edges, weights not NaN, connecting the points 0..n-1; not modified
     * @param n    the number of observations, at least 1
     * @throws IllegalArgumentException if n < 1, or {@code tree} is not a spanning tree or has a NaN weight
     */
    public static Dendrogram of(Edges tree, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("expected n >= 1 observations, actual n = " + n);
        }
        if (tree.size() != n - 1) {
            throw new IllegalArgumentException(
                    "expected " + (n - 1) + " edges for " + n + " observations, actual " + tree.size());
        }
        // The forest of a tree's own edges is those edges in order; fewer when they leave points apart.
        Edges sorted = Kruskal.spanningForest(tree, n);
        if (sorted.size() != n - 1) {
            throw new IllegalArgumentException("expected edges connecting all " + n + " observations, actual "
                    + (n - sorted.size()) + " components");
        }
        Dendrogram d = new Dendrogram(n);
        UnionFind merged = new UnionFind(n);
        int[] clusterOfRoot = new int[n];
        for (int p = 0; p < n; p++) {
            clusterOfRoot[p] = p;
        }
        for (int i = 0; i < n - 1; i++) {
            if (Double.isNaN(sorted.weight(i))) {
                throw new IllegalArgumentException("expected weights that are not NaN, actual NaN on edge {"
                        + sorted.u(i) + ", " + sorted.v(i) + "}");
            }
            int a = clusterOfRoot[merged.find(sorted.u(i))];
            int b = clusterOfRoot[merged.find(sorted.v(i))];
            int root = merged.union(sorted.u(i), sorted.v(i));
            clusterOfRoot[root] = n + i;
            d.left[i] = Math.min(a, b);
            d.right[i] = Math.max(a, b);
            d.distance[i] = sorted.weight(i);
            d.size[i] = merged.sizeOf(root);
        }
        return d;
    }

    /** @return the number of observations n */
    public int observations() {
        return n;
    }

    /** @return the number of merges, n - 1 */
    public int merges() {
        return n - 1;
    }

    /** @return the smaller id of the two clusters merge i joins */
    public int left(int i) {
        return left[i];
    }

    /** @return the larger id of the two clusters merge i joins */
    public int right(int i) {
        return right[i];
    }

    /** @return the distance at which merge i joins its clusters */
    public double distance(int i) {
        return distance[i];
    }

    /** @return the number of observations in the cluster merge i creates */
    public int size(int i) {
        return size[i];
    }

    /**
     * Flat clusters as scipy's {@code fcluster(Z, k, criterion="maxclust")}: for k >= n every
     * observation is a cluster of its own (even where distances are 0); otherwise every merge at a
     * distance up to that of merge n - k - 1 is applied, which gives k clusters, or fewer when merges
     * tie at that distance.
     *
     * @param k the largest number of clusters wanted, at least 1
     * @return each observation's cluster, labelled 1..m by smallest observation
     * @throws IllegalArgumentException if k < 1
     */
    public int[] clustersOf(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("expected k >= 1 clusters, actual k = " + k);
        }
        return labelsAfter(k >= n ? 0 : AverageRanks.countAtMost(distance, distance[n - k - 1]));
    }

    /**
     * Flat clusters as scipy's {@code fcluster(Z, t, criterion="distance")}: every merge at a
     * distance up to t is applied.
     *
     * @param t the largest merge distance applied, at least 0
     * @return each observation's cluster, labelled 1..m by smallest observation
     * @throws IllegalArgumentException if t is negative or NaN
     */
    public int[] clustersAtDistance(double t) {
        if (!(t >= 0)) {
            throw new IllegalArgumentException("expected a distance t >= 0, actual t = " + t);
        }
        return labelsAfter(AverageRanks.countAtMost(distance, t));
    }

    /** @return each observation's cluster after the first {@code merges} merges, labelled 1..m by smallest observation */
    private int[] labelsAfter(int merges) {
        UnionFind clusters = new UnionFind(n);
        int[] member = new int[merges];
        for (int i = 0; i < merges; i++) {
            member[i] = observationIn(left[i], member);
            clusters.union(member[i], observationIn(right[i], member));
        }
        int[] labelOfRoot = new int[n];
        int[] labels = new int[n];
        int m = 0;
        for (int p = 0; p < n; p++) {
            int root = clusters.find(p);
            if (labelOfRoot[root] == 0) {
                labelOfRoot[root] = ++m;
            }
            labels[p] = labelOfRoot[root];
        }
        return labels;
    }

    /** @return an observation of cluster c, given {@code member[i]}, one of cluster n + i, for the clusters before c */
    private int observationIn(int c, int[] member) {
        return c < n ? c : member[c - n];
    }
}

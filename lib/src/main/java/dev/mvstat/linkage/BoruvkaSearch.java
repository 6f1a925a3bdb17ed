package dev.mvstat.linkage;

import java.util.Arrays;

/**
 * One round of Borůvka's algorithm (Borůvka 1926) for the Euclidean minimum spanning tree, over a
 * {@link KdTree}: for every component met among a range of query points, its shortest edge to
 * another component. Each query is a nearest-neighbour search that skips nodes lying wholly in the
 * query's own component and nodes farther than the best edge its component has so far, the
 * pruning of dual-tree Borůvka (March, Ram and Gray 2010) applied to one tree. Edges are compared
 * by {@link Edges#compare} on squared lengths; the square root is monotone, so the tree is a
 * minimum spanning tree of the Euclidean lengths.
 *
 * <p>With core distances the edges are HDBSCAN*'s mutual reachability distances
 * max(core(a), core(b), d(a, b)) (Campello, Moulavi and Sander 2013); a node is then also skipped
 * when the smallest core distance among its points, or the query's own, exceeds the best edge, and
 * a query whose core distance exceeds its component's best edge is skipped whole (McInnes and
 * Healy 2017).
 */
public final class BoruvkaSearch {

    private final KdTree tree;
    /** Component of the point at each tree position, numbered 0..components-1. */
    private final int[] component;
    /** Component shared by all points of each node, or -1. */
    private final int[] nodeComponent;
    /** Squared core distance of the point at each tree position, or null for Euclidean edges. */
    private final double[] coreSquared;
    /** Smallest squared core distance among the points of each node, or null. */
    private final double[] nodeCoreSquared;
    /** Best edge found so far for each component: squared length and global ids of its ends. */
    private final double[] bestSquared;

    private final int[] bestFrom;
    private final int[] bestTo;

    /**
     * @param tree       the points
     * @param component  the component of the point at each tree position, 0..components-1; not modified
     * @param components the number of components
     * @param coreSquared the squared core distance of the point at each tree position, for mutual
     *                    reachability distances, or null for Euclidean ones; not modified
     */
    public BoruvkaSearch(KdTree tree, int[] component, int components, double[] coreSquared) {
        if (component.length != tree.size()) {
            throw new IllegalArgumentException(
                    "expected a component for each of " + tree.size() + " points, actual " + component.length);
        }
        this.tree = tree;
        this.component = component;
        this.nodeComponent = tree.nodeComponents(component);
        this.coreSquared = coreSquared;
        this.nodeCoreSquared = coreSquared == null ? null : tree.nodeMinima(coreSquared);
        bestSquared = new double[components];
        Arrays.fill(bestSquared, Double.POSITIVE_INFINITY);
        bestFrom = new int[components];
        bestTo = new int[components];
    }

    /**
     * Searches from the points at tree positions [from, to).
     *
     * @return for each component with a query point in the range, its shortest edge to another
     *         component, weighted by squared Euclidean length; none when there is a single component
     */
    public Edges shortestOutgoing(int from, int to) {
        boolean[] seen = new boolean[bestSquared.length];
        for (int i = from; i < to; i++) {
            seen[component[i]] = true;
            if (coreSquared == null || !(coreSquared[i] > bestSquared[component[i]])) {
                search(i, 0);
            }
        }
        Edges out = new Edges();
        for (int c = 0; c < seen.length; c++) {
            if (seen[c] && bestSquared[c] < Double.POSITIVE_INFINITY) {
                out.add(bestFrom[c], bestTo[c], bestSquared[c]);
            }
        }
        return out;
    }

    /** Improves the best edge of query i's component with the points of {@code node}. */
    private void search(int i, int node) {
        int c = component[i];
        if (nodeComponent[node] == c) {
            return;
        }
        double[] points = tree.points;
        int d = tree.d;
        int p = i * d;
        double core = coreSquared == null ? 0 : coreSquared[i];
        double bound = tree.boxDistanceSquared(points, p, node);
        if (coreSquared != null) {
            bound = Math.max(bound, Math.max(core, nodeCoreSquared[node]));
        }
        if (bound > bestSquared[c]) {
            return;
        }
        int left = tree.left[node];
        if (left < 0) {
            int id = tree.ids[i];
            for (int j = tree.start[node]; j < tree.end[node]; j++) {
                if (component[j] == c) {
                    continue;
                }
                double sum = 0;
                int q = j * d;
                for (int k = 0; k < d; k++) {
                    double diff = points[p + k] - points[q + k];
                    sum += diff * diff;
                }
                if (coreSquared != null) {
                    sum = Math.max(sum, Math.max(core, coreSquared[j]));
                }
                if (Edges.compare(sum, id, tree.ids[j], bestSquared[c], bestFrom[c], bestTo[c]) < 0) {
                    bestSquared[c] = sum;
                    bestFrom[c] = id;
                    bestTo[c] = tree.ids[j];
                }
            }
            return;
        }
        int right = tree.right[node];
        if (tree.boxDistanceSquared(points, p, left) <= tree.boxDistanceSquared(points, p, right)) {
            search(i, left);
            search(i, right);
        } else {
            search(i, right);
            search(i, left);
        }
    }
}

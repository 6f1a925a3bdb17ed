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
 */
public final class BoruvkaSearch {

    private final KdTree tree;
    /** Component of the point at each tree position, numbered 0..components-1. */
    private final int[] component;
    /** Component shared by all points of each node, or -1. */
    private final int[] nodeComponent;
    /** Best edge found so far for each component: squared length and global ids of its ends. */
    private final double[] bestSquared;

    private final int[] bestFrom;
    private final int[] bestTo;

    /**
     * @param tree       the points
     * @param component  the component of the point at each tree position, 0..components-1; not modified
     * @param components the number of components
     */
    public BoruvkaSearch(KdTree tree, int[] component, int components) {
        if (component.length != tree.size()) {
            throw new IllegalArgumentException(
                    "expected a component for each of " + tree.size() + " points, actual " + component.length);
        }
        this.tree = tree;
        this.component = component;
        this.nodeComponent = tree.nodeComponents(component);
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
            search(i, 0);
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
        if (tree.boxDistanceSquared(points, p, node) > bestSquared[c]) {
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

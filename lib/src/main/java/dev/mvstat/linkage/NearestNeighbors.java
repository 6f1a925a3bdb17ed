package dev.mvstat.linkage;

/**
 * The distance from points of a {@link KdTree} to their k-th nearest neighbour among its points,
 * the point itself counted first (at distance 0), as scikit-learn's {@code kneighbors} on its own
 * training rows: HDBSCAN*'s core distances (Campello, Moulavi and Sander 2013). Each query is a
 * depth-first search, nearer child first, keeping the k nearest squared distances in a max-heap and
 * skipping nodes whose box lies no nearer than the heap's largest (Friedman, Bentley and Finkel 1977).
 */
public final class NearestNeighbors {

    private final KdTree tree;
    /** Max-heap of the nearest squared distances found so far for the current query. */
    private final double[] heap;

    private int size;

    private NearestNeighbors(KdTree tree, int k) {
        this.tree = tree;
        this.heap = new double[k];
    }

    /**
     * @param tree the points
     * @param k    the neighbour wanted, 1 for the point itself, at most the number of points
     * @param from the first tree position queried
     * @param to   one past the last
     * @return for each queried position i, at index i - from, the squared Euclidean distance to its
     *         k-th nearest point of the tree
     * @throws IllegalArgumentException if k is not in 1..size
     */
    public static double[] kthNearestSquared(KdTree tree, int k, int from, int to) {
        if (k < 1 || k > tree.size()) {
            throw new IllegalArgumentException("expected a neighbour rank in 1.." + tree.size() + ", actual " + k);
        }
        NearestNeighbors search = new NearestNeighbors(tree, k);
        double[] kth = new double[to - from];
        for (int i = from; i < to; i++) {
            search.size = 0;
            search.visit(i * tree.d, 0);
            kth[i - from] = search.heap[0];
        }
        return kth;
    }

    /** Offers the points of {@code node} to the heap of the query at offset p of the tree's points. */
    private void visit(int p, int node) {
        double[] points = tree.points;
        int left = tree.left[node];
        if (left < 0) {
            int d = tree.d;
            for (int j = tree.start[node]; j < tree.end[node]; j++) {
                double sum = 0;
                int q = j * d;
                for (int k = 0; k < d; k++) {
                    double diff = points[p + k] - points[q + k];
                    sum += diff * diff;
                }
                size = SmallestValues.offer(heap, 0, size, heap.length, sum);
            }
            return;
        }
        int right = tree.right[node];
        double toLeft = tree.boxDistanceSquared(points, p, left);
        double toRight = tree.boxDistanceSquared(points, p, right);
        int near = toLeft <= toRight ? left : right;
        int far = near == left ? right : left;
        if (!full() || Math.min(toLeft, toRight) < heap[0]) {
            visit(p, near);
        }
        if (!full() || Math.max(toLeft, toRight) < heap[0]) {
            visit(p, far);
        }
    }

    private boolean full() {
        return size == heap.length;
    }
}

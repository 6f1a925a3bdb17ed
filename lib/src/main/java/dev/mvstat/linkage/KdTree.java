package dev.mvstat.linkage;

import java.io.Serializable;

/**
 * A kd-tree (Bentley 1975) over points of a few dimensions: each node holds a contiguous range of
 * tree positions and its bounding box; a node is split at the median of its box's widest
 * dimension until it holds at most {@link #LEAF_SIZE} points. Points are stored row-major in tree
 * order, each with its global id.
 */
public final class KdTree implements Serializable {

    /** Most points in a leaf. */
    static final int LEAF_SIZE = 16;

    /** Dimension. */
    final int d;
    /** Coordinates, row-major in tree order: point at position i is {@code points[i*d .. i*d+d)}. */
    final double[] points;
    /** Global id of the point at each position. */
    final int[] ids;
    /** First position of each node. */
    final int[] start;
    /** One past the last position of each node. */
    final int[] end;
    /** Child nodes of each node, or -1 for a leaf. */
    final int[] left;

    final int[] right;
    /** Bounding box of each node: {@code lower[node*d + k]}, {@code upper[node*d + k]}. */
    final double[] lower;

    final double[] upper;
    /** Nodes in use. */
    private int nodes;

    /**
     * @param rows row-major coordinates of n points, global ids 0..n-1 in order; not modified
     * @param d    the dimension
     */
    public KdTree(double[] rows, int d) {
        if (d < 1 || rows.length % d != 0) {
            throw new IllegalArgumentException(
                    "expected n rows of " + d + " values, actual " + rows.length + " values");
        }
        int n = rows.length / d;
        this.d = d;
        int capacity = Math.max(1, 4 * (n / LEAF_SIZE + 1));
        start = new int[capacity];
        end = new int[capacity];
        left = new int[capacity];
        right = new int[capacity];
        lower = new double[capacity * d];
        upper = new double[capacity * d];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        build(rows, order, 0, n);
        points = new double[rows.length];
        ids = order;
        for (int i = 0; i < n; i++) {
            System.arraycopy(rows, order[i] * d, points, i * d, d);
        }
    }

    /** @return the number of points */
    public int size() {
        return ids.length;
    }

    /** @return the number of nodes; node 0 is the root */
    int nodeCount() {
        return nodes;
    }

    /** @return the global id of the point at tree position i */
    public int id(int i) {
        return ids[i];
    }

    /** Builds the subtree over {@code order[from, to)} and returns its node. */
    private int build(double[] rows, int[] order, int from, int to) {
        int node = nodes++;
        start[node] = from;
        end[node] = to;
        int widest = 0;
        double width = -1;
        for (int k = 0; k < d; k++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int i = from; i < to; i++) {
                double x = rows[order[i] * d + k];
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
            }
            lower[node * d + k] = lo;
            upper[node * d + k] = hi;
            if (hi - lo > width) {
                width = hi - lo;
                widest = k;
            }
        }
        if (to - from <= LEAF_SIZE || width <= 0) {
            left[node] = -1;
            right[node] = -1;
            return node;
        }
        int middle = (from + to) >>> 1;
        select(rows, order, from, to - 1, middle, widest);
        left[node] = build(rows, order, from, middle);
        right[node] = build(rows, order, middle, to);
        return node;
    }

    /** Hoare's selection: puts the point of rank {@code k} in dimension {@code dim} at position k. */
    private void select(double[] rows, int[] order, int lo, int hi, int k, int dim) {
        while (lo < hi) {
            double pivot = rows[order[(lo + hi) >>> 1] * d + dim];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (rows[order[i] * d + dim] < pivot) {
                    i++;
                }
                while (rows[order[j] * d + dim] > pivot) {
                    j--;
                }
                if (i <= j) {
                    int t = order[i];
                    order[i++] = order[j];
                    order[j--] = t;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return;
            }
        }
    }

    /**
     * @param component the component of the point at each tree position; not modified
     * @return for each node, the component all its points share, or -1 when they differ
     */
    public int[] nodeComponents(int[] component) {
        int[] shared = new int[nodes];
        for (int node = nodes - 1; node >= 0; node--) { // children come after their parent
            if (left[node] < 0) {
                int c = component[start[node]];
                for (int i = start[node] + 1; i < end[node] && c >= 0; i++) {
                    if (component[i] != c) {
                        c = -1;
                    }
                }
                shared[node] = c;
            } else {
                int a = shared[left[node]];
                shared[node] = a == shared[right[node]] ? a : -1;
            }
        }
        return shared;
    }

    /**
     * @param values a value for the point at each tree position; not modified
     * @return for each node, the smallest value among its points
     */
    double[] nodeMinima(double[] values) {
        double[] minima = new double[nodes];
        for (int node = nodes - 1; node >= 0; node--) { // children come after their parent
            if (left[node] < 0) {
                double m = Double.POSITIVE_INFINITY;
                for (int i = start[node]; i < end[node]; i++) {
                    m = Math.min(m, values[i]);
                }
                minima[node] = m;
            } else {
                minima[node] = Math.min(minima[left[node]], minima[right[node]]);
            }
        }
        return minima;
    }

    /** @return the squared distance from point {@code p} (offset into {@code coordinates}) to node's box */
    double boxDistanceSquared(double[] coordinates, int p, int node) {
        double sum = 0;
        int box = node * d;
        for (int k = 0; k < d; k++) {
            double x = coordinates[p + k];
            double gap = Math.max(0, Math.max(lower[box + k] - x, x - upper[box + k]));
            sum += gap * gap;
        }
        return sum;
    }
}

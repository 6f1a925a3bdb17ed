package dev.mvstat.linkage;

/**
 * Minimum spanning forests by Kruskal's algorithm (Kruskal, "On the shortest spanning subtree of a
 * graph and the traveling salesman problem", 1956): candidate edges are taken in increasing order
 * of {@link Edges#compare} and kept when they join two components of a {@link UnionFind}. That
 * order being total, the forest is unique whatever the order and the repetitions of the candidates.
 *
 * <p>This merges the local trees of a distributed single linkage (SHAS: Jin et al., "A scalable
 * hierarchical clustering algorithm using Spark", 2015): when subsets of the points cover every
 * pair of points, the minimum spanning tree of the union of the subsets' minimum spanning trees is
 * the minimum spanning tree of all points.
 *
 * <p>The candidates are not copied. They are read in rounds, each selecting with a max-heap of n
 * entries the n smallest candidates that still join two components, then taking them in order. A
 * full round uses up n candidates (each is kept or now lies within one component), so for m
 * candidates there are at most m / n + 1 rounds of O(m log n) time, about g rounds for the
 * (g - 1) n candidates of SHAS with g groups; memory is O(n).
 */
public final class Kruskal {

    private Kruskal() {}

    /**
     * The minimum spanning forest of the graph on the points 0..n-1 whose edges are the candidates.
     *
     * @param candidates the edges, in any order, possibly repeated (either orientation); not modified
     * @param n          the number of points
     * @return the forest's edges in the order of {@link Edges#compare}: n - c edges for c components
     * @throws IllegalArgumentException if n is negative or an endpoint is not among 0..n-1
     */
    public static Edges spanningForest(Edges candidates, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("expected n >= 0 points, actual n = " + n);
        }
        for (int e = 0; e < candidates.size(); e++) {
            int u = candidates.u(e);
            int v = candidates.v(e);
            if (Math.min(u, v) < 0 || Math.max(u, v) >= n) {
                throw new IllegalArgumentException(
                        "expected endpoints in 0.." + (n - 1) + ", actual edge " + e + " = {" + u + ", " + v + "}");
            }
        }
        UnionFind components = new UnionFind(n);
        Edges forest = new Edges(n - 1);
        int[] heap = new int[n];
        int selected;
        do {
            selected = selectSmallest(candidates, components, heap);
            sortAscending(candidates, heap, selected);
            for (int j = 0; j < selected && forest.size() < n - 1; j++) {
                int e = heap[j];
                if (components.union(candidates.u(e), candidates.v(e)) >= 0) {
                    forest.add(candidates.u(e), candidates.v(e), candidates.weight(e));
                }
            }
        } while (selected == heap.length && forest.size() < n - 1);
        return forest;
    }

    /**
     * Fills {@code heap} as a max-heap (by {@link Edges#compare}) with the indices of the smallest
     * candidates joining two components, as many as fit.
     *
     * @return the number of indices placed
     */
    private static int selectSmallest(Edges candidates, UnionFind components, int[] heap) {
        int size = 0;
        for (int e = 0; e < candidates.size(); e++) {
            if (components.find(candidates.u(e)) == components.find(candidates.v(e))) {
                continue;
            }
            if (size < heap.length) {
                heap[size] = e;
                siftUp(candidates, heap, size++);
            } else if (compare(candidates, e, heap[0]) < 0) {
                heap[0] = e;
                siftDown(candidates, heap, 0, size);
            }
        }
        return size;
    }

    /** Heapsort's second phase: turns the max-heap {@code heap[0..size)} into ascending order. */
    private static void sortAscending(Edges candidates, int[] heap, int size) {
        for (int end = size - 1; end > 0; end--) {
            swap(heap, 0, end);
            siftDown(candidates, heap, 0, end);
        }
    }

    /** Restores the max-heap order above position i. */
    private static void siftUp(Edges candidates, int[] heap, int i) {
        while (i > 0 && compare(candidates, heap[(i - 1) / 2], heap[i]) < 0) {
            swap(heap, i, (i - 1) / 2);
            i = (i - 1) / 2;
        }
    }

    /** Restores the max-heap order of {@code heap[0..size)} below position i. */
    private static void siftDown(Edges candidates, int[] heap, int i, int size) {
        while (2 * i + 1 < size) {
            int child = 2 * i + 1;
            if (child + 1 < size && compare(candidates, heap[child + 1], heap[child]) > 0) {
                child++;
            }
            if (compare(candidates, heap[child], heap[i]) <= 0) {
                return;
            }
            swap(heap, i, child);
            i = child;
        }
    }

    /** {@link Edges#compare} of candidates a and b. */
    private static int compare(Edges candidates, int a, int b) {
        return Edges.compare(
                candidates.weight(a),
                candidates.u(a),
                candidates.v(a),
                candidates.weight(b),
                candidates.u(b),
                candidates.v(b));
    }

    private static void swap(int[] a, int i, int j) {
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}

package dev.mvstat.linkage;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The Euclidean minimum spanning tree by Prim's algorithm on the complete graph (Prim, "Shortest
 * connection networks and some generalizations", 1957), distances computed on the fly: O(n^2)
 * time, O(n) memory, ties broken by {@link Edges#compare}. The brute-force reference of the tests.
 */
final class BruteForcePrim {

    private BruteForcePrim() {}

    /**
     * @param rows the points; not modified
     * @return the tree spanning all rows, edges in the order Prim adds them
     */
    static Edges tree(List<double[]> rows) {
        return tree(rows, IntStream.range(0, rows.size()).toArray());
    }

    /**
     * @param rows the points; not modified
     * @param ids  the indices of the rows to span, at least one; not modified
     * @return the tree spanning those rows, endpoints being their indices, edges in the order Prim adds them
     */
    static Edges tree(List<double[]> rows, int[] ids) {
        int m = ids.length;
        Edges tree = new Edges(m - 1);
        boolean[] inTree = new boolean[m];
        double[] best = new double[m]; // weight of the least edge from the tree to each row outside it
        int[] via = new int[m]; // that edge's end in the tree
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        Arrays.fill(via, -1);
        int last = 0;
        inTree[last] = true;
        for (int added = 1; added < m; added++) {
            int next = -1;
            for (int j = 0; j < m; j++) {
                if (inTree[j]) {
                    continue;
                }
                double w = distance(rows.get(ids[last]), rows.get(ids[j]));
                if (Edges.compare(w, ids[last], ids[j], best[j], via[j], ids[j]) < 0) {
                    best[j] = w;
                    via[j] = ids[last];
                }
                if (next < 0 || Edges.compare(best[j], via[j], ids[j], best[next], via[next], ids[next]) < 0) {
                    next = j;
                }
            }
            inTree[next] = true;
            tree.add(via[next], ids[next], best[next]);
            last = next;
        }
        return tree;
    }

    /** @return the Euclidean distance: sqrt of the sum over columns k of (a_k - b_k)^2 */
    static double distance(double[] a, double[] b) {
        double sum = 0;
        for (int k = 0; k < a.length; k++) {
            double diff = a[k] - b[k];
            sum += diff * diff;
        }
        return Math.sqrt(sum);
    }
}

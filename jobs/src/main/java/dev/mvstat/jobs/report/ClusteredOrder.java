package dev.mvstat.jobs.report;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * An order of a correlation matrix's rows that puts correlated ones together: the leaf order of
 * average-linkage clustering (UPGMA, Sokal and Michener 1958) on the distance 1 - r, an undefined
 * correlation counting as r = 0. Plain O(n^3) agglomeration, for the heatmap's at most a hundred rows.
 */
final class ClusteredOrder {

    private ClusteredOrder() {}

    /**
     * @param r row-major n x n correlations, NaN for undefined
     * @return the rows' indices in leaf order
     */
    static int[] of(double[] r, int n) {
        double[][] distance = new double[2 * n][2 * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double v = r[i * n + j];
                distance[i][j] = 1 - (Double.isFinite(v) ? v : 0);
            }
        }
        int[] size = new int[2 * n];
        int[][] children = new int[2 * n][];
        boolean[] active = new boolean[2 * n];
        Arrays.fill(size, 0, n, 1);
        Arrays.fill(active, 0, n, true);
        for (int merged = n; merged < 2 * n - 1; merged++) {
            int a = -1;
            int b = -1;
            for (int i = 0; i < merged; i++) {
                for (int j = i + 1; j < merged; j++) {
                    if (active[i] && active[j] && (a < 0 || distance[i][j] < distance[a][b])) {
                        a = i;
                        b = j;
                    }
                }
            }
            active[a] = false;
            active[b] = false;
            size[merged] = size[a] + size[b];
            children[merged] = new int[] {a, b};
            for (int k = 0; k < merged; k++) {
                if (active[k]) {
                    double avg = (size[a] * distance[a][k] + size[b] * distance[b][k]) / size[merged];
                    distance[merged][k] = avg;
                    distance[k][merged] = avg;
                }
            }
            active[merged] = true;
        }
        int[] order = new int[n];
        int next = 0;
        Deque<Integer> stack = new ArrayDeque<>();
        stack.push(2 * n - 2);
        while (!stack.isEmpty()) {
            int node = stack.pop();
            if (node < n) {
                order[next++] = node;
            } else {
                stack.push(children[node][1]);
                stack.push(children[node][0]);
            }
        }
        return order;
    }
}

package dev.mvstat.hdbscan;

import dev.mvstat.linkage.Metric;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * HDBSCAN* (Campello, Moulavi, Sander, "Density-based clustering based on hierarchical density
 * estimates", 2013) computed the plainest way: the full distance and mutual reachability matrices,
 * dense Prim, a quick-find union-find, and every tree walk as a scan over the condensed rows. Uses
 * nothing of the main code but {@link Metric#prepare} and {@link Metric#distance}. The reference of
 * the tests.
 *
 * <p>Follows scikit-learn's {@code HDBSCAN} (1.3+, {@code _tree.pyx}) step by step, except that
 * cluster labels are 1..k numbered in the order of each cluster's smallest row index (noise -1),
 * and that the GLOSH outlier scores (Campello, Moulavi, Zimek, Sander 2015) are added.
 */
public final class BruteForceHdbscan {

    /**
     * One row of the condensed tree: {@code child} (a point index below n, or a cluster id from n
     * up, n being the root) leaves cluster {@code parent} at {@code lambda} = 1 / distance.
     */
    public record CondensedRow(int parent, int child, double lambda, int childSize) {}

    /**
     * @param coreDistances the core distance of each row
     * @param mst           n - 1 rows {u, v, weight}, u < v, in merge order
     * @param condensed     the condensed tree, rows in the order they are created
     * @param labels        1..k per cluster, -1 for noise
     * @param probabilities the membership strength of each row, 0 for noise
     * @param outlierScores the GLOSH score of each row
     */
    public record Result(
            double[] coreDistances,
            double[][] mst,
            List<CondensedRow> condensed,
            int[] labels,
            double[] probabilities,
            double[] outlierScores) {}

    /** The single-linkage merges: merge i creates cluster n + i from clusters left[i] < right[i]. */
    private record Hierarchy(int[] left, int[] right, double[] distance, int[] size) {}

    private BruteForceHdbscan() {}

    /**
     * @param rows               the points, at least one; not modified
     * @param metric             the distance
     * @param minClusterSize     the least size of a cluster, at least 2
     * @param minSamples         the rank of the core distance among the distances to all rows, the
     *                           row itself included, in [1, rows]
     * @param leaf               selects the leaves of the condensed tree instead of excess of mass
     * @param epsilon            the cluster selection epsilon, 0 for none
     * @param allowSingleCluster whether the root may be selected
     * @return the fit
     * @throws IllegalArgumentException for a parameter out of range
     */
    public static Result fit(
            double[][] rows,
            Metric metric,
            int minClusterSize,
            int minSamples,
            boolean leaf,
            double epsilon,
            boolean allowSingleCluster) {
        Objects.requireNonNull(metric, "metric");
        if (rows == null || rows.length == 0) {
            throw new IllegalArgumentException("at least one row is needed");
        }
        int n = rows.length;
        if (minClusterSize < 2) {
            throw new IllegalArgumentException("minClusterSize must be at least 2, got " + minClusterSize);
        }
        if (minSamples < 1 || minSamples > n) {
            throw new IllegalArgumentException("minSamples must be in [1, " + n + "], got " + minSamples);
        }
        if (!(epsilon >= 0)) {
            throw new IllegalArgumentException("epsilon must be at least 0, got " + epsilon);
        }
        double[][] distances = distances(rows, metric);
        double[] core = coreDistances(distances, minSamples);
        double[][] mst = spanningTree(distances, core);
        if (n == 1) {
            return new Result(core, mst, List.of(), new int[] {-1}, new double[1], new double[1]);
        }
        Hierarchy hierarchy = singleLinkage(n, mst);
        List<CondensedRow> condensed = condense(n, hierarchy, minClusterSize);
        return select(n, condensed, core, mst, leaf, epsilon, allowSingleCluster);
    }

    /** @return the n x n matrix of distances between prepared rows, 0 on the diagonal */
    private static double[][] distances(double[][] rows, Metric metric) {
        int n = rows.length;
        double[][] prepared = new double[n][];
        for (int i = 0; i < n; i++) {
            prepared[i] = metric.prepare(rows[i]);
        }
        double[][] d = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                d[i][j] = metric.distance(prepared[i], prepared[j]);
                d[j][i] = d[i][j];
            }
        }
        return d;
    }

    /** @return per row, the minSamples-th smallest of its n distances (its own 0 included) */
    private static double[] coreDistances(double[][] d, int minSamples) {
        double[] core = new double[d.length];
        for (int i = 0; i < d.length; i++) {
            double[] sorted = d[i].clone();
            Arrays.sort(sorted);
            core[i] = sorted[minSamples - 1];
        }
        return core;
    }

    /** The total order on edges: weight, then smaller endpoint, then larger endpoint. */
    private static int compare(double w1, int u1, int v1, double w2, int u2, int v2) {
        int c = Double.compare(w1, w2);
        if (c != 0) {
            return c;
        }
        c = Integer.compare(Math.min(u1, v1), Math.min(u2, v2));
        return c != 0 ? c : Integer.compare(Math.max(u1, v1), Math.max(u2, v2));
    }

    /**
     * Dense Prim on the mutual reachability max(core[a], core[b], d(a, b)).
     *
     * @return the n - 1 edges {u, v, weight}, u < v, sorted by {@link #compare}
     */
    private static double[][] spanningTree(double[][] d, double[] core) {
        int n = d.length;
        double[][] mr = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                mr[i][j] = Math.max(Math.max(core[i], core[j]), d[i][j]);
            }
        }
        boolean[] inTree = new boolean[n];
        double[] best = new double[n]; // the least edge from the tree to each row outside it
        int[] via = new int[n]; // its end in the tree, -1 for none yet
        Arrays.fill(via, -1);
        List<double[]> edges = new ArrayList<>();
        int last = 0;
        inTree[last] = true;
        for (int added = 1; added < n; added++) {
            int next = -1;
            for (int j = 0; j < n; j++) {
                if (inTree[j]) {
                    continue;
                }
                if (via[j] < 0 || compare(mr[last][j], last, j, best[j], via[j], j) < 0) {
                    best[j] = mr[last][j];
                    via[j] = last;
                }
                if (next < 0 || compare(best[j], via[j], j, best[next], via[next], next) < 0) {
                    next = j;
                }
            }
            inTree[next] = true;
            edges.add(new double[] {Math.min(via[next], next), Math.max(via[next], next), best[next]});
            last = next;
        }
        edges.sort((a, b) -> compare(a[2], (int) a[0], (int) a[1], b[2], (int) b[0], (int) b[1]));
        return edges.toArray(new double[0][]);
    }

    /** Merges along the sorted edges, each point's current cluster kept in one array (quick-find). */
    private static Hierarchy singleLinkage(int n, double[][] mst) {
        int[] left = new int[n - 1];
        int[] right = new int[n - 1];
        double[] distance = new double[n - 1];
        int[] size = new int[n - 1];
        int[] clusterOf = new int[n];
        Arrays.setAll(clusterOf, i -> i);
        for (int i = 0; i < n - 1; i++) {
            int a = clusterOf[(int) mst[i][0]];
            int b = clusterOf[(int) mst[i][1]];
            left[i] = Math.min(a, b);
            right[i] = Math.max(a, b);
            distance[i] = mst[i][2];
            size[i] = 0;
            for (int k = 0; k < n; k++) {
                if (clusterOf[k] == a || clusterOf[k] == b) {
                    clusterOf[k] = n + i;
                    size[i]++;
                }
            }
        }
        return new Hierarchy(left, right, distance, size);
    }

    /** @return the nodes of the subtree under {@code start}, breadth first, left before right */
    private static List<Integer> bfs(int n, Hierarchy h, int start) {
        List<Integer> order = new ArrayList<>();
        Deque<Integer> queue = new ArrayDeque<>();
        queue.add(start);
        while (!queue.isEmpty()) {
            int node = queue.poll();
            order.add(node);
            if (node >= n) {
                queue.add(h.left[node - n]);
                queue.add(h.right[node - n]);
            }
        }
        return order;
    }

    private static int size(int n, Hierarchy h, int node) {
        return node < n ? 1 : h.size[node - n];
    }

    /** scikit-learn's {@code _condense_tree}: root 2n - 2 relabelled n, new clusters n + 1, ... */
    private static List<CondensedRow> condense(int n, Hierarchy h, int minClusterSize) {
        int root = 2 * n - 2;
        int[] relabel = new int[root + 1];
        boolean[] ignored = new boolean[root + 1];
        relabel[root] = n;
        int next = n + 1;
        List<CondensedRow> out = new ArrayList<>();
        for (int node : bfs(n, h, root)) {
            if (node < n || ignored[node]) {
                continue;
            }
            int left = h.left[node - n];
            int right = h.right[node - n];
            double distance = h.distance[node - n];
            double lambda = distance > 0 ? 1 / distance : Double.POSITIVE_INFINITY;
            int leftSize = size(n, h, left);
            int rightSize = size(n, h, right);
            int parent = relabel[node];
            if (leftSize >= minClusterSize && rightSize >= minClusterSize) {
                relabel[left] = next++;
                out.add(new CondensedRow(parent, relabel[left], lambda, leftSize));
                relabel[right] = next++;
                out.add(new CondensedRow(parent, relabel[right], lambda, rightSize));
                continue;
            }
            // A child too small falls out point by point; a big enough one continues the parent.
            for (int child : new int[] {left, right}) {
                if (size(n, h, child) >= minClusterSize) {
                    relabel[child] = parent;
                    continue;
                }
                for (int sub : bfs(n, h, child)) {
                    if (sub < n) {
                        out.add(new CondensedRow(parent, sub, lambda, 1));
                    }
                    ignored[sub] = true;
                }
            }
        }
        return out;
    }

    /** Stability, selection, labels, probabilities and outlier scores from the condensed tree. */
    private static Result select(
            int n,
            List<CondensedRow> condensed,
            double[] core,
            double[][] mst,
            boolean leaf,
            double epsilon,
            boolean allowSingleCluster) {
        // Clusters are n (the root) .. n + k - 1, indexed c - n below.
        int k = 1;
        for (CondensedRow row : condensed) {
            if (row.childSize() > 1) {
                k++;
            }
        }
        int[] parentOf = new int[k]; // the parent cluster, -1 for the root
        double[] birth = new double[k]; // the lambda of the row whose child it is, 0 for the root
        parentOf[0] = -1;
        int[] pointParent = new int[n];
        double[] pointLambda = new double[n];
        for (CondensedRow row : condensed) {
            if (row.childSize() > 1) {
                parentOf[row.child() - n] = row.parent();
                birth[row.child() - n] = row.lambda();
            } else {
                pointParent[row.child()] = row.parent();
                pointLambda[row.child()] = row.lambda();
            }
        }
        double[] stability = new double[k];
        for (CondensedRow row : condensed) {
            stability[row.parent() - n] += (row.lambda() - birth[row.parent() - n]) * row.childSize();
        }
        boolean hasClusterRows = k > 1;
        int firstCandidate = allowSingleCluster ? n : n + 1;

        boolean[] selected = new boolean[k];
        if (!leaf) {
            for (int c = n + k - 1; c >= firstCandidate; c--) {
                selected[c - n] = true;
            }
            for (int c = n + k - 1; c >= firstCandidate; c--) {
                double subtree = 0;
                for (CondensedRow row : condensed) {
                    if (row.parent() == c && row.childSize() > 1) {
                        subtree += stability[row.child() - n];
                    }
                }
                if (subtree > stability[c - n]) {
                    selected[c - n] = false;
                    stability[c - n] = subtree;
                } else {
                    for (int d = n; d < n + k; d++) {
                        if (d != c && isDescendant(d, c, parentOf, n)) {
                            selected[d - n] = false;
                        }
                    }
                }
            }
            if (epsilon != 0 && hasClusterRows) {
                int count = 0;
                for (boolean s : selected) {
                    count += s ? 1 : 0;
                }
                if (count == 1 && selected[0]) {
                    selected[0] = allowSingleCluster;
                } else {
                    boolean[] picks = epsilonSearch(selected, n, parentOf, birth, epsilon, allowSingleCluster);
                    selected = candidates(picks, n, firstCandidate);
                }
            }
        } else if (hasClusterRows) {
            boolean[] leaves = new boolean[k];
            leaves(n, n, condensed, leaves);
            boolean[] picks =
                    epsilon != 0 ? epsilonSearch(leaves, n, parentOf, birth, epsilon, allowSingleCluster) : leaves;
            selected = candidates(picks, n, firstCandidate);
        }

        int selectedCount = 0;
        for (boolean s : selected) {
            selectedCount += s ? 1 : 0;
        }
        boolean rootAlone = selected[0] && selectedCount == 1;
        double threshold;
        if (epsilon != 0) {
            threshold = 1 / epsilon;
        } else {
            threshold = Double.NEGATIVE_INFINITY;
            for (CondensedRow row : condensed) {
                if (row.parent() == n) {
                    threshold = Math.max(threshold, row.lambda());
                }
            }
        }
        int[] owner = new int[n];
        for (int p = 0; p < n; p++) {
            owner[p] = -1;
            for (int c = pointParent[p]; c != n; c = parentOf[c - n]) {
                if (selected[c - n]) {
                    owner[p] = c;
                    break;
                }
            }
            if (owner[p] < 0 && rootAlone && pointLambda[p] >= threshold) {
                owner[p] = n;
            }
        }

        int[] number = new int[k]; // 0 until the cluster's first row is met
        int nextLabel = 1;
        int[] labels = new int[n];
        for (int p = 0; p < n; p++) {
            if (owner[p] < 0) {
                labels[p] = -1;
                continue;
            }
            if (number[owner[p] - n] == 0) {
                number[owner[p] - n] = nextLabel++;
            }
            labels[p] = number[owner[p] - n];
        }

        double[] deaths = new double[k]; // the largest lambda among the direct children's rows
        for (CondensedRow row : condensed) {
            deaths[row.parent() - n] = Math.max(deaths[row.parent() - n], row.lambda());
        }
        double[] probabilities = new double[n];
        for (int p = 0; p < n; p++) {
            if (owner[p] < 0) {
                continue;
            }
            double death = deaths[owner[p] - n];
            double lambda = pointLambda[p];
            probabilities[p] = death == 0 || Double.isInfinite(lambda) ? 1 : Math.min(lambda, death) / death;
        }

        double[] lambdaMax = new double[k]; // the largest lambda of a point row in the whole subtree
        for (int p = 0; p < n; p++) {
            for (int c = pointParent[p]; c >= 0; c = parentOf[c - n]) {
                lambdaMax[c - n] = Math.max(lambdaMax[c - n], pointLambda[p]);
            }
        }
        double[] outlierScores = new double[n];
        for (int p = 0; p < n; p++) {
            double max = lambdaMax[pointParent[p] - n];
            double lambda = pointLambda[p];
            if (max == 0 || Double.isInfinite(lambda)) {
                outlierScores[p] = 0;
            } else if (Double.isInfinite(max)) {
                outlierScores[p] = 1;
            } else {
                outlierScores[p] = (max - lambda) / max;
            }
        }
        return new Result(core, mst, Collections.unmodifiableList(condensed), labels, probabilities, outlierScores);
    }

    /** @return whether cluster d lies in the subtree of cluster c (d == c included) */
    private static boolean isDescendant(int d, int c, int[] parentOf, int n) {
        for (int x = d; x >= 0; x = parentOf[x - n]) {
            if (x == c) {
                return true;
            }
        }
        return false;
    }

    /** Marks the clusters without cluster children under {@code c}, depth first. */
    private static void leaves(int c, int n, List<CondensedRow> condensed, boolean[] out) {
        boolean hasChildren = false;
        for (CondensedRow row : condensed) {
            if (row.parent() == c && row.childSize() > 1) {
                hasChildren = true;
                leaves(row.child(), n, condensed, out);
            }
        }
        if (!hasChildren && c != n) {
            out[c - n] = true;
        }
    }

    /** @return the picks restricted to the candidates, the clusters from firstCandidate up */
    private static boolean[] candidates(boolean[] picks, int n, int firstCandidate) {
        boolean[] out = picks.clone();
        for (int c = n; c < firstCandidate; c++) {
            out[c - n] = false;
        }
        return out;
    }

    /**
     * scikit-learn's {@code epsilon_search}: a cluster of the set born below epsilon (1 / lambda <
     * epsilon) is replaced by its nearest ancestor born above epsilon.
     *
     * @param set the clusters to search from, indexed c - n, ascending order of ids
     * @return the picked clusters, indexed c - n
     */
    private static boolean[] epsilonSearch(
            boolean[] set, int n, int[] parentOf, double[] birth, double epsilon, boolean allowSingleCluster) {
        int k = set.length;
        boolean[] picks = new boolean[k];
        boolean[] processed = new boolean[k];
        for (int c = n; c < n + k; c++) {
            if (!set[c - n]) {
                continue;
            }
            double eps = 1 / birth[c - n];
            if (eps >= epsilon) {
                picks[c - n] = true;
                continue;
            }
            if (processed[c - n]) {
                continue;
            }
            int pick = upwards(c, n, parentOf, birth, epsilon, allowSingleCluster);
            picks[pick - n] = true;
            for (int d = n; d < n + k; d++) {
                if (d != pick && isDescendant(d, pick, parentOf, n)) {
                    processed[d - n] = true;
                }
            }
        }
        return picks;
    }

    /**
     * scikit-learn's {@code traverse_upwards}: the nearest ancestor born above epsilon; at a child
     * of the root, the root if a single cluster is allowed, else that child.
     */
    private static int upwards(
            int node, int n, int[] parentOf, double[] birth, double epsilon, boolean allowSingleCluster) {
        while (true) {
            int parent = parentOf[node - n];
            if (parent == n) {
                return allowSingleCluster ? parent : node;
            }
            if (1 / birth[parent - n] > epsilon) {
                return parent;
            }
            node = parent;
        }
    }
}

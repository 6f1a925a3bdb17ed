package dev.mvstat.jobs.bench;

import dev.mvstat.hdbscan.HdbscanClusters;
import dev.mvstat.hdbscan.HdbscanSettings;
import dev.mvstat.linkage.Metric;
import dev.mvstat.linkage.SpanningTree;
import dev.mvstat.spark.DistributedSingleLinkage;
import org.apache.spark.api.java.JavaRDD;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench cluster}: the exact single-linkage minimum spanning tree at the sizes the project
 * promises ({@code lowdim}: kd-tree Borůvka on 200k x 3, 200k x 5 and 1M x 3; {@code blocked}: the
 * blocked scheme on 50k x 64), and against a straightforward Prim over the full condensed distance
 * matrix, single-threaded on the driver, at sizes where that matrix fits ({@code prim}); and
 * HDBSCAN* with a minimum cluster size (and min samples) of {@value #MIN_CLUSTER_SIZE} against
 * single linkage on the same cached rows from a mixture of {@value #COMPONENTS} Gaussians, 1M x 3
 * and 200k x 5 ({@code hdbscan}).
 */
public final class ClusterBench {

    /** HDBSCAN*'s minimum cluster size and min samples in the {@code hdbscan} scenario. */
    static final int MIN_CLUSTER_SIZE = 50;
    /** The Gaussians of the {@code hdbscan} scenario's mixture. */
    private static final int COMPONENTS = 5;

    private ClusterBench() {}

    static void run(BenchJob.Setup s, String scenario) {
        boolean all = scenario.equals("all");
        if (all || scenario.equals("lowdim")) {
            for (int[] size : new int[][] {{200_000, 3}, {200_000, 5}, {1_000_000, 3}}) {
                time(s, size[0], size[1]);
            }
        }
        if (all || scenario.equals("blocked")) {
            time(s, 50_000, 64);
        }
        if (all || scenario.equals("hdbscan")) {
            for (int[] size : new int[][] {{1_000_000, 3}, {200_000, 5}}) {
                againstSingleLinkage(s, size[0], size[1]);
            }
        }
        if (all || scenario.equals("prim")) {
            for (int[] size : new int[][] {{10_000, 3}, {20_000, 3}, {10_000, 64}}) {
                againstPrim(s, size[0], size[1]);
            }
        }
    }

    /** Times this project's tree on cached rows. */
    private static SpanningTree time(BenchJob.Setup s, int n, int d) {
        SpanningTree[] tree = new SpanningTree[1];
        double seconds = BenchJob.onCached(
                s,
                BenchJob.generate(s, n, d),
                rows -> tree[0] = DistributedSingleLinkage.spanningTree(rows, Metric.EUCLIDEAN));
        System.out.printf(
                Locale.ROOT,
                "single linkage %d x %d (%s, %d %s): %.3f s%n",
                n,
                d,
                tree[0].algorithm().label(),
                tree[0].rounds(),
                tree[0].algorithm().unit(),
                seconds);
        return tree[0];
    }

    private static void againstPrim(BenchJob.Setup s, int n, int d) {
        JavaRDD<double[]> rows = BenchJob.generate(s, n, d).cache();
        try {
            List<double[]> points = rows.collect();
            double[] total = new double[2];
            BenchJob.Timing t = BenchJob.alternating(
                    s,
                    () -> total[1] = weight(DistributedSingleLinkage.spanningTree(rows, Metric.EUCLIDEAN)),
                    () -> total[0] = MatrixPrim.totalWeight(points));
            System.out.printf(
                    Locale.ROOT,
                    "single linkage %d x %d%n  mvstat   %8.3f s%n  baseline %8.3f s  (Prim over "
                            + "the full condensed distance matrix, %.0f MB, one thread)%n  ratio    %.1fx faster; "
                            + "tree weights %.12g and %.12g%n",
                    n,
                    d,
                    t.ours(),
                    t.baseline(),
                    n * (n - 1.0) / 2 * 8 / 1e6,
                    t.baseline() / t.ours(),
                    total[1],
                    total[0]);
        } finally {
            rows.unpersist(true);
        }
    }

    /**
     * HDBSCAN* (core distances, the mutual reachability tree, the condensed tree and the selection)
     * and single linkage's tree, alternately on the same cached rows.
     */
    private static void againstSingleLinkage(BenchJob.Setup s, int n, int d) {
        JavaRDD<double[]> rows = GeneratedRows.mixture(s, n, d, COMPONENTS).cache();
        rows.count();
        try {
            Hdbscan[] last = new Hdbscan[1];
            SpanningTree[] plain = new SpanningTree[1];
            BenchJob.Timing t = BenchJob.alternating(
                    s,
                    () -> last[0] = Hdbscan.of(rows),
                    () -> plain[0] = DistributedSingleLinkage.spanningTree(rows, Metric.EUCLIDEAN));
            Hdbscan h = last[0];
            System.out.printf(
                    Locale.ROOT,
                    "hdbscan %d x %d (a mixture of %d Gaussians), min cluster size = min samples = %d%n"
                            + "  single linkage        %8.3f s  (%s, %d %s)%n"
                            + "  hdbscan*              %8.3f s  (%.2fx single linkage)%n"
                            + "    core distances      %8.3f s%n"
                            + "    reachability tree   %8.3f s  (%s, %d %s)%n"
                            + "    condensed, selected %8.3f s  (%d clusters, %d noise rows)%n",
                    n,
                    d,
                    COMPONENTS,
                    MIN_CLUSTER_SIZE,
                    t.baseline(),
                    plain[0].algorithm().label(),
                    plain[0].rounds(),
                    plain[0].algorithm().unit(),
                    t.ours(),
                    t.ours() / t.baseline(),
                    h.tree().coreSeconds(),
                    h.treeSeconds() - h.tree().coreSeconds(),
                    h.tree().algorithm().label(),
                    h.tree().rounds(),
                    h.tree().algorithm().unit(),
                    h.clusteringSeconds(),
                    h.clusters().clusters(),
                    h.clusters().noise());
        } finally {
            rows.unpersist(true);
        }
    }

    /** One HDBSCAN* run and the time of its parts. */
    private record Hdbscan(SpanningTree tree, double treeSeconds, double clusteringSeconds, HdbscanClusters clusters) {

        static Hdbscan of(JavaRDD<double[]> rows) {
            long start = System.nanoTime();
            SpanningTree tree = DistributedSingleLinkage.reachabilityTree(rows, Metric.EUCLIDEAN, MIN_CLUSTER_SIZE);
            long built = System.nanoTime();
            HdbscanClusters clusters = HdbscanClusters.of(tree.dendrogram(), HdbscanSettings.of(MIN_CLUSTER_SIZE));
            return new Hdbscan(tree, (built - start) / 1e9, (System.nanoTime() - built) / 1e9, clusters);
        }
    }

    private static double weight(SpanningTree tree) {
        double sum = 0;
        for (int e = 0; e < tree.edges().size(); e++) {
            sum += tree.edges().weight(e);
        }
        return sum;
    }

    /** The textbook approach: every pairwise distance in a condensed matrix, then Prim's O(n^2) scan. */
    private static final class MatrixPrim {

        static double totalWeight(List<double[]> points) {
            int n = points.size();
            double[] condensed = new double[Math.toIntExact((long) n * (n - 1) / 2)];
            for (int i = 0, k = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    condensed[k++] = Metric.EUCLIDEAN.distance(points.get(i), points.get(j));
                }
            }
            double[] key = new double[n];
            boolean[] done = new boolean[n];
            Arrays.fill(key, Double.POSITIVE_INFINITY);
            key[0] = 0;
            double total = 0;
            for (int step = 0; step < n; step++) {
                int u = -1;
                for (int v = 0; v < n; v++) {
                    if (!done[v] && (u < 0 || key[v] < key[u])) {
                        u = v;
                    }
                }
                done[u] = true;
                total += key[u];
                for (int v = 0; v < n; v++) {
                    if (!done[v]) {
                        int a = Math.min(u, v);
                        int b = Math.max(u, v);
                        double w = condensed[(int) ((long) a * n - (long) a * (a + 1) / 2 + b - a - 1)];
                        key[v] = Math.min(key[v], w);
                    }
                }
            }
            return total;
        }
    }
}

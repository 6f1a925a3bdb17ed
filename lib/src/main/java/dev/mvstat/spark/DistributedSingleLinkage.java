package dev.mvstat.spark;

import dev.mvstat.linkage.BoruvkaForest;
import dev.mvstat.linkage.BoruvkaSearch;
import dev.mvstat.linkage.Dendrogram;
import dev.mvstat.linkage.Edges;
import dev.mvstat.linkage.KdTree;
import dev.mvstat.linkage.Kruskal;
import dev.mvstat.linkage.Metric;
import dev.mvstat.linkage.NearestNeighbors;
import dev.mvstat.linkage.NeighborDistances;
import dev.mvstat.linkage.PointBlock;
import dev.mvstat.linkage.Prim;
import dev.mvstat.linkage.SpanningTree;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Tuple2;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Exact single-linkage clustering of the rows of an RDD, through their minimum spanning tree
 * (Gower and Ross 1969): the tree's edges in increasing order are the merges. Two exact schemes:
 * <ul>
 *   <li>Euclidean rows of at most {@value #KD_TREE_MAX_DIMENSION} dimensions: Borůvka rounds over a
 *   kd-tree broadcast once ({@link BoruvkaSearch}); each round the driver broadcasts the component
 *   of every point and tasks search slices of the points. O(log n) rounds.</li>
 *   <li>any metric and dimension: the blocked scheme of SHAS (Jin et al. 2015): rows are split into
 *   blocks, each block's tree is a dense {@link Prim}, each pair of blocks' tree comes from the two
 *   trees and the cross distances, and the pairs' trees are merged by {@link Kruskal} in a tree
 *   reduction.</li>
 * </ul>
 * Ties are broken by {@link Edges#compare}, so the tree does not depend on the partitioning.
 *
 * <p>For HDBSCAN* ({@link #reachabilityTree}) the same schemes find the tree of the mutual
 * reachability distances, after the core distances: k-nearest-neighbour searches in the broadcast
 * kd-tree, or for the blocked scheme each pair of blocks' cross distances, each point keeping its
 * k smallest ({@link NeighborDistances}).
 * Memory: O(n d) per task, O(n) on the driver (the kd-tree path holds the points there, at most
 * {@value #KD_TREE_MAX_DIMENSION} n values).
 */
public final class DistributedSingleLinkage {

    /** Highest dimension for which the kd-tree Borůvka is used. */
    public static final int KD_TREE_MAX_DIMENSION = 8;
    /** Borůvka search slices, and blocks of the blocked scheme, per core. */
    private static final int SLICES_PER_CORE = 4;
    /** Most blocks of the blocked scheme: their pairs are the tasks, B (B - 1) / 2 of them. */
    private static final int MAX_BLOCKS = 64;

    private DistributedSingleLinkage() {}

    /**
     * @param rows   rows of finite values, all of one length; observation i is the i-th row in RDD order
     * @param metric the distance
     * @return the single-linkage hierarchy, in scipy's linkage format
     */
    public static Dendrogram fit(JavaRDD<double[]> rows, Metric metric) {
        return spanningTree(rows, metric).dendrogram();
    }

    /**
     * @param data    rows with the named numeric columns
     * @param columns the columns clustered
     * @param metric  the distance
     * @return the single-linkage hierarchy; observation i is the i-th row of {@code data}
     */
    public static Dendrogram fit(Dataset<Row> data, List<String> columns, Metric metric) {
        return fit(DatasetRows.of(data, columns), metric);
    }

    /**
     * @param rows   rows of finite values, all of one length; observation i is the i-th row in RDD order
     * @param metric the distance
     * @return their minimum spanning tree: kd-tree Borůvka for Euclidean rows of few dimensions,
     *         else the blocked scheme
     */
    public static SpanningTree spanningTree(JavaRDD<double[]> rows, Metric metric) {
        return reachabilityTree(rows, metric, 1);
    }

    /**
     * @param rows       rows of finite values, all of one length; observation i is the i-th row in RDD order
     * @param metric     the distance
     * @param minSamples the neighbour whose distance is a row's core distance, the row itself
     *                   counted first (scikit-learn's min_samples); 1 for the plain tree
     * @return the minimum spanning tree of the mutual reachability distances, with the core distances
     * @throws IllegalArgumentException if there are no rows, or fewer than minSamples
     */
    public static SpanningTree reachabilityTree(JavaRDD<double[]> rows, Metric metric, int minSamples) {
        Shape shape = shape(rows);
        int n = shape.offsets()[shape.offsets().length - 1];
        if (n == 0) {
            throw new IllegalArgumentException("no rows to cluster");
        }
        if (minSamples < 1 || minSamples > n) {
            throw new IllegalArgumentException(
                    "min samples must be in 1.." + n + " (the number of rows), actual " + minSamples);
        }
        int cores = JavaSparkContext.fromSparkContext(rows.context()).defaultParallelism();
        if (metric == Metric.EUCLIDEAN && shape.d() <= KD_TREE_MAX_DIMENSION) {
            return boruvka(rows, n, shape.d(), SLICES_PER_CORE * cores, minSamples);
        }
        return blocked(
                rows, metric, shape.offsets(), Math.min(n, Math.min(MAX_BLOCKS, SLICES_PER_CORE * cores)), minSamples);
    }

    /**
     * The rows' count and width.
     *
     * @param offsets rows before each partition, and all rows last
     * @param d       the widest row's length
     */
    record Shape(int[] offsets, int d) {}

    /** @return the shape of {@code rows}, in one pass */
    static Shape shape(JavaRDD<double[]> rows) {
        List<int[]> sizes = rows.mapPartitions(it -> {
                    int[] countAndWidth = new int[2];
                    for (; it.hasNext(); countAndWidth[0]++) {
                        countAndWidth[1] = Math.max(countAndWidth[1], it.next().length);
                    }
                    return List.of(countAndWidth).iterator();
                })
                .collect();
        int[] offsets = new int[sizes.size() + 1];
        int d = 0;
        for (int p = 0; p < sizes.size(); p++) {
            offsets[p + 1] = Math.addExact(offsets[p], sizes.get(p)[0]);
            d = Math.max(d, sizes.get(p)[1]);
        }
        return new Shape(offsets, d);
    }

    /**
     * Borůvka rounds over one broadcast kd-tree, after the core distances for minSamples > 1; the
     * searches of a round, and the neighbour searches, run in {@code slices} tasks.
     */
    static SpanningTree boruvka(JavaRDD<double[]> rows, int n, int d, int slices, int minSamples) {
        double[] points = new double[n * d];
        int filled = 0;
        for (double[] chunk :
                rows.mapPartitions(DistributedSingleLinkage::flatten).collect()) {
            System.arraycopy(chunk, 0, points, filled, chunk.length);
            filled += chunk.length;
        }
        KdTree tree = new KdTree(points, d);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(rows.context());
        Broadcast<KdTree> sharedTree = sc.broadcast(tree);
        List<int[]> ranges = new ArrayList<>();
        int parts = Math.max(1, Math.min(slices, n));
        for (int s = 0; s < parts; s++) {
            ranges.add(new int[] {(int) ((long) n * s / parts), (int) ((long) n * (s + 1) / parts)});
        }
        BoruvkaForest forest = new BoruvkaForest(tree);
        int rounds = 0;
        long start = System.nanoTime();
        double[] coreById = null;
        Broadcast<double[]> coreSquared = null;
        try {
            double coreSeconds = 0;
            if (minSamples > 1) {
                double[] squared = new double[n];
                List<double[]> found = sc.parallelize(ranges, ranges.size())
                        .map(r -> NearestNeighbors.kthNearestSquared(sharedTree.value(), minSamples, r[0], r[1]))
                        .collect();
                for (int s = 0; s < found.size(); s++) {
                    System.arraycopy(found.get(s), 0, squared, ranges.get(s)[0], found.get(s).length);
                }
                coreSquared = sc.broadcast(squared);
                coreById = new double[n];
                for (int i = 0; i < n; i++) {
                    coreById[tree.id(i)] = Math.sqrt(squared[i]);
                }
                coreSeconds = (System.nanoTime() - start) / 1e9;
            }
            Broadcast<double[]> cores = coreSquared;
            while (forest.components() > 1) {
                int components = forest.components();
                Broadcast<int[]> labels = sc.broadcast(forest.componentByPosition());
                List<Edges> found = sc.parallelize(ranges, ranges.size())
                        .map(r -> new BoruvkaSearch(sharedTree.value(), labels.value(), components, valueOf(cores))
                                .shortestOutgoing(r[0], r[1]))
                        .collect();
                labels.destroy();
                Edges candidates = new Edges();
                found.forEach(candidates::addAll);
                forest.addShortest(candidates);
                rounds++;
            }
            return new SpanningTree(
                    forest.edges(), n, SpanningTree.Algorithm.KD_TREE_BORUVKA, rounds, coreById, coreSeconds);
        } finally {
            sharedTree.destroy();
            if (coreSquared != null) {
                coreSquared.destroy();
            }
        }
    }

    private static Iterator<double[]> flatten(Iterator<double[]> rows) {
        List<double[]> list = new ArrayList<>();
        rows.forEachRemaining(list::add);
        int d = list.isEmpty() ? 0 : list.get(0).length;
        double[] flat = new double[list.size() * d];
        for (int i = 0; i < list.size(); i++) {
            System.arraycopy(list.get(i), 0, flat, i * d, d);
        }
        return List.of(flat).iterator();
    }

    /**
     * The blocked scheme with {@code blocks} blocks of rows dealt round-robin by observation index,
     * after the core distances for minSamples > 1.
     *
     * @param offsets rows before each partition of {@code rows}, and all rows last ({@link #shape})
     */
    static SpanningTree blocked(JavaRDD<double[]> rows, Metric metric, int[] offsets, int blocks, int minSamples) {
        int n = offsets[offsets.length - 1];
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(rows.context());
        JavaRDD<Block> split = rows.mapPartitionsWithIndex(
                        (p, it) -> {
                            List<Tuple2<Integer, Tuple2<Integer, double[]>>> keyed = new ArrayList<>();
                            for (int id = offsets[p]; it.hasNext(); id++) {
                                keyed.add(new Tuple2<>(id % blocks, new Tuple2<>(id, metric.prepare(it.next()))));
                            }
                            return keyed.iterator();
                        },
                        true)
                .mapToPair(t -> t)
                .groupByKey(new HashPartitioner(blocks))
                .map(group -> {
                    List<Integer> ids = new ArrayList<>();
                    List<double[]> values = new ArrayList<>();
                    group._2().forEach(t -> {
                        ids.add(t._1());
                        values.add(t._2());
                    });
                    return new Block(
                            group._1(),
                            PointBlock.of(
                                    ids.stream().mapToInt(Integer::intValue).toArray(), values));
                })
                .cache();
        Broadcast<double[]> cores = null;
        JavaRDD<BlockTree> trees = null;
        try {
            long start = System.nanoTime();
            double[] coreById = minSamples > 1 ? coreDistances(split, metric, minSamples, n) : null;
            double coreSeconds = minSamples > 1 ? (System.nanoTime() - start) / 1e9 : 0;
            Broadcast<double[]> shared = cores = coreById == null ? null : sc.broadcast(coreById);
            trees = split.map(
                            b -> new BlockTree(b.index, b.points, Prim.spanningTree(b.points, metric, valueOf(shared))))
                    .cache();
            Edges tree = blocks == 1
                    ? trees.first().tree
                    : trees.cartesian(trees)
                            .filter(pair -> pair._1().index < pair._2().index)
                            .map(pair -> Prim.spanningTree(
                                    pair._1().block,
                                    pair._1().tree,
                                    pair._2().block,
                                    pair._2().tree,
                                    metric,
                                    valueOf(shared)))
                            .treeReduce((a, b) -> {
                                Edges union = new Edges(a.size() + b.size());
                                union.addAll(a);
                                union.addAll(b);
                                return Kruskal.spanningForest(union, n);
                            });
            return new SpanningTree(
                    tree, n, SpanningTree.Algorithm.BLOCKED_PRIM_KRUSKAL, blocks, coreById, coreSeconds);
        } finally {
            if (trees != null) {
                trees.unpersist(false);
            }
            if (cores != null) {
                cores.destroy();
            }
            split.unpersist(false);
        }
    }

    /**
     * @return the core distance of every row by id: each pair of blocks (a block with itself
     *         included) offers its distances to both sides, whose k smallest merge per block
     */
    private static double[] coreDistances(JavaRDD<Block> blocks, Metric metric, int k, int n) {
        List<Tuple2<int[], double[]>> found = blocks.cartesian(blocks)
                .filter(pair -> pair._1().index <= pair._2().index)
                .flatMapToPair(pair -> {
                    Block a = pair._1();
                    Block b = pair._2();
                    NeighborDistances toA = new NeighborDistances(a.points.size(), k);
                    if (a.index == b.index) {
                        NeighborDistances.offer(a.points, a.points, metric, toA, null);
                        return List.of(new Tuple2<>(a.index, toA)).iterator();
                    }
                    NeighborDistances toB = new NeighborDistances(b.points.size(), k);
                    NeighborDistances.offer(a.points, b.points, metric, toA, toB);
                    return List.of(new Tuple2<>(a.index, toA), new Tuple2<>(b.index, toB))
                            .iterator();
                })
                .reduceByKey(NeighborDistances::merge)
                .join(blocks.mapToPair(b -> new Tuple2<>(b.index, b.points)))
                .map(t -> {
                    PointBlock points = t._2()._2();
                    int[] ids = new int[points.size()];
                    double[] kth = new double[points.size()];
                    for (int r = 0; r < ids.length; r++) {
                        ids[r] = points.id(r);
                        kth[r] = t._2()._1().kth(r);
                    }
                    return new Tuple2<>(ids, kth);
                })
                .collect();
        double[] coreById = new double[n];
        for (Tuple2<int[], double[]> block : found) {
            for (int r = 0; r < block._1().length; r++) {
                coreById[block._1()[r]] = block._2()[r];
            }
        }
        return coreById;
    }

    /** @return the broadcast core distances, or null without them */
    private static double[] valueOf(Broadcast<double[]> cores) {
        return cores == null ? null : cores.value();
    }

    /** A block of rows and its index (a class, not a record: Kryo cannot build records). */
    private static final class Block implements Serializable {
        private final int index;
        private final PointBlock points;

        Block(int index, PointBlock points) {
            this.index = index;
            this.points = points;
        }
    }

    /** A block of rows with its own minimum spanning tree (a class, not a record: Kryo cannot build records). */
    private static final class BlockTree implements Serializable {
        private final int index;
        private final PointBlock block;
        private final Edges tree;

        BlockTree(int index, PointBlock block, Edges tree) {
            this.index = index;
            this.block = block;
            this.tree = tree;
        }
    }
}

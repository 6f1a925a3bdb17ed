package dev.mvstat.linkage;

import java.util.Arrays;

/**
 * Minimum spanning trees by Prim's algorithm (Prim 1957) in its dense form, O(m^2 d) time for m
 * points of dimension d, each distance computed once: the block steps of exact single linkage by
 * SHAS (Jin et al. 2015). Edges carry global ids and are ordered by {@link Edges#compare}, so the
 * tree is the unique one of that order, whatever the algorithm or the partitioning into blocks.
 *
 * <p>Each point outside the tree has a key, its smallest edge to the tree in that order; the next
 * point to join is the one with the smallest key. The points outside the tree stay compacted at the
 * front of a working copy of the columns (a point joining is swapped with the last), so each dense
 * update is one {@link Metric#distancesTo} over a contiguous range. Besides that copy, O(m) memory.
 *
 * <p>Given core distances, edges weigh HDBSCAN*'s mutual reachability distance
 * max(core(a), core(b), d(a, b)) (Campello, Moulavi and Sander 2013) instead of d(a, b).
 */
public final class Prim {

    private Prim() {}

    /**
     * The minimum spanning tree of a block's complete graph.
     *
     * @param block  the points; not modified
     * @param metric the distance, for which the block's rows are prepared
     * @param coreById the core distance of each point by global id, or null for plain distances; not modified
     * @return the block's size - 1 edges (none for 0 or 1 points), with global ids
     */
    public static Edges spanningTree(PointBlock block, Metric metric, double[] coreById) {
        Edges tree = new Edges(block.size() - 1);
        Region region = new Region(block);
        if (region.count == 0) {
            return tree;
        }
        double[] point = new double[block.dimension()];
        int u = region.remove(region.count - 1, point);
        while (region.count > 0) {
            region.relaxAll(point, block.id(u), metric, coreById);
            u = region.join(region.best(), point, tree);
        }
        return tree;
    }

    /**
     * The minimum spanning tree of a ∪ b from the trees of a and b and the |a| |b| distances across:
     * by the cycle property an edge inside a that is not in MST(a) is in no MST of a ∪ b. Prim's
     * algorithm over the cross pairs (dense) and the trees' edges (sparse adjacency).
     *
     * @param a      the first block; not modified
     * @param treeA  the tree {@link #spanningTree(PointBlock, Metric, double[])} returns for a, with
     *               the same metric and core distances; not modified
     * @param b      the second block, with ids disjoint from a's; not modified
     * @param treeB  the tree returned for b; not modified
     * @param metric the distance, for which both blocks' rows are prepared
     * @param coreById the core distance of each point by global id, or null for plain distances; not modified
     * @return the |a| + |b| - 1 edges of MST(a ∪ b), with global ids
     * @throws IllegalArgumentException if the dimensions differ, an id is in both blocks, or a tree
     *                                  is not a spanning tree of its block
     */
    public static Edges spanningTree(
            PointBlock a, Edges treeA, PointBlock b, Edges treeB, Metric metric, double[] coreById) {
        if (a.size() > 0 && b.size() > 0 && a.dimension() != b.dimension()) {
            throw new IllegalArgumentException("blocks of dimensions " + a.dimension() + " and " + b.dimension());
        }
        long[] idsOfA = byId(a);
        for (int r = 0; r < b.size(); r++) {
            if (local(idsOfA, b.id(r)) >= 0) {
                throw new IllegalArgumentException("id " + b.id(r) + " is in both blocks");
            }
        }
        Adjacency adjacencyA = new Adjacency(a, idsOfA, treeA, "treeA");
        Adjacency adjacencyB = new Adjacency(b, byId(b), treeB, "treeB");
        Edges tree = new Edges(a.size() + b.size() - 1);
        if (a.size() == 0 || b.size() == 0) {
            tree.addAll(treeA);
            tree.addAll(treeB);
            return tree;
        }
        Region regionA = new Region(a);
        Region regionB = new Region(b);
        double[] point = new double[a.dimension()];
        Region side = regionA;
        int u = regionA.remove(regionA.count - 1, point);
        while (regionA.count + regionB.count > 0) {
            Region other = side == regionA ? regionB : regionA;
            Adjacency adjacency = side == regionA ? adjacencyA : adjacencyB;
            int id = side.block.id(u);
            other.relaxAll(point, id, metric, coreById);
            for (int e = adjacency.start[u]; e < adjacency.start[u + 1]; e++) {
                side.relax(adjacency.neighbor[e], adjacency.weight[e], id);
            }
            int bestA = regionA.best();
            int bestB = regionB.best();
            boolean takeA = bestB < 0 || bestA >= 0 && regionA.before(bestA, regionB, bestB);
            side = takeA ? regionA : regionB;
            u = side.join(takeA ? bestA : bestB, point, tree);
        }
        return tree;
    }

    /** @return (id << 32 | r) for each point r of the block, sorted, so that {@link #local} finds an id */
    private static long[] byId(PointBlock block) {
        long[] byId = new long[block.size()];
        for (int r = 0; r < byId.length; r++) {
            byId[r] = (long) block.id(r) << 32 | r;
        }
        Arrays.sort(byId);
        return byId;
    }

    /** @return the point of the block {@code byId} was built from whose id is {@code id}, or -1 */
    private static int local(long[] byId, int id) {
        int i = Arrays.binarySearch(byId, (long) id << 32);
        i = i < 0 ? -i - 1 : i;
        return i < byId.length && byId[i] >>> 32 == id ? (int) byId[i] : -1;
    }

    /** A block's spanning tree, checked, as adjacency lists of the block's points (compressed sparse rows). */
    private static final class Adjacency {

        /** The edges of point u are at [start[u], start[u + 1]). */
        final int[] start;
        /** neighbor[e]: the other endpoint of edge e, a point of the block. */
        final int[] neighbor;
        /** weight[e]: the weight of edge e. */
        final double[] weight;

        /**
         * @param block the block; not modified
         * @param byId  the block's ids as {@link #byId} returns them; not modified
         * @param tree  the block's spanning tree, with global ids; not modified
         * @param name  the tree's name in messages
         * @throws IllegalArgumentException if {@code tree} is not a spanning tree of the block
         */
        Adjacency(PointBlock block, long[] byId, Edges tree, String name) {
            int m = block.size();
            if (tree.size() != Math.max(0, m - 1)) {
                throw new IllegalArgumentException(name + " has " + tree.size() + " edges for " + m + " points");
            }
            int[] ends = new int[2 * tree.size()];
            start = new int[m + 1];
            UnionFind components = new UnionFind(m);
            for (int i = 0; i < tree.size(); i++) {
                int u = local(byId, tree.u(i));
                int v = local(byId, tree.v(i));
                boolean outside = u < 0 || v < 0;
                if (outside || components.union(u, v) < 0) {
                    throw new IllegalArgumentException(name + "'s edge {" + tree.u(i) + ", " + tree.v(i) + "} "
                            + (outside ? "has an endpoint outside its block" : "closes a cycle")
                            + ": not a spanning tree of its block");
                }
                ends[2 * i] = u;
                ends[2 * i + 1] = v;
                start[u + 1]++;
                start[v + 1]++;
            }
            for (int u = 0; u < m; u++) {
                start[u + 1] += start[u];
            }
            int[] next = Arrays.copyOf(start, m);
            neighbor = new int[ends.length];
            weight = new double[ends.length];
            for (int e = 0; e < ends.length; e++) {
                int at = next[ends[e]]++;
                neighbor[at] = ends[e ^ 1];
                weight[at] = tree.weight(e / 2);
            }
        }
    }

    /**
     * The points of a block not yet in the tree, compacted at indices [0, count) of a working copy,
     * with their keys. Points are numbered r as in the block; index i holds point points[i].
     */
    private static final class Region {

        /** The block the points come from. */
        final PointBlock block;
        /** columns[k][i]: coordinate k of the point at index i. */
        final double[][] columns;
        /** ids[i]: the global id of the point at index i. */
        final int[] ids;
        /** points[i]: the block's number of the point at index i. */
        final int[] points;
        /** index[r]: the index of point r, or -1 once it joined the tree. */
        final int[] index;
        /** key[i]: the weight of the key edge of the point at index i. */
        final double[] key;
        /** partner[i]: the global id of the key edge's endpoint in the tree, or -1 while there is none. */
        final int[] partner;
        /** Scratch for the distances of one dense update. */
        final double[] distances;
        /** The number of points not yet in the tree. */
        int count;

        Region(PointBlock block) {
            this.block = block;
            int m = block.size();
            double[][] source = block.columns();
            columns = new double[source.length][];
            for (int k = 0; k < source.length; k++) {
                columns[k] = source[k].clone();
            }
            ids = new int[m];
            points = new int[m];
            index = new int[m];
            for (int r = 0; r < m; r++) {
                ids[r] = block.id(r);
                points[r] = r;
                index[r] = r;
            }
            key = new double[m];
            partner = new int[m];
            Arrays.fill(partner, -1);
            distances = new double[m];
            count = m;
        }

        /**
         * Offers every point outside the tree its edge to the point of global id u at {@code point}
         * (not modified), weighted by the distance or, given core distances by id, by the mutual
         * reachability distance.
         */
        void relaxAll(double[] point, int u, Metric metric, double[] coreById) {
            metric.distancesTo(point, columns, 0, count, distances);
            if (coreById != null) {
                double core = coreById[u];
                for (int i = 0; i < count; i++) {
                    distances[i] = Math.max(distances[i], Math.max(core, coreById[ids[i]]));
                }
            }
            for (int i = 0; i < count; i++) {
                offer(i, distances[i], u);
            }
        }

        /** Offers point r, if outside the tree, the edge of weight w to the point of global id u. */
        void relax(int r, double w, int u) {
            if (index[r] >= 0) {
                offer(index[r], w, u);
            }
        }

        private void offer(int i, double w, int u) {
            if (partner[i] < 0 || Edges.compare(w, u, ids[i], key[i], partner[i], ids[i]) < 0) {
                key[i] = w;
                partner[i] = u;
            }
        }

        /** @return the index of the point with the smallest key, or -1 if no point has one */
        int best() {
            int best = -1;
            for (int i = 0; i < count; i++) {
                if (partner[i] >= 0 && (best < 0 || before(i, this, best))) {
                    best = i;
                }
            }
            return best;
        }

        /** @return whether the key edge at index i comes before that at index j of {@code other} */
        boolean before(int i, Region other, int j) {
            return Edges.compare(key[i], partner[i], ids[i], other.key[j], other.partner[j], other.ids[j]) < 0;
        }

        /**
         * Adds the key edge of the point at index i to the tree and takes the point out ({@link #remove}).
         *
         * @param point receives the point's coordinates; modified
         * @param tree  receives the edge; modified
         * @return the point's number in the block
         */
        int join(int i, double[] point, Edges tree) {
            tree.add(partner[i], ids[i], key[i]);
            return remove(i, point);
        }

        /**
         * Takes the point at index i out of [0, count), moving the last point into its place.
         *
         * @param point receives its coordinates; modified
         * @return its number in the block
         */
        int remove(int i, double[] point) {
            int last = --count;
            for (int k = 0; k < columns.length; k++) {
                double[] column = columns[k];
                point[k] = column[i];
                column[i] = column[last];
            }
            int r = points[i];
            ids[i] = ids[last];
            points[i] = points[last];
            key[i] = key[last];
            partner[i] = partner[last];
            index[points[i]] = i;
            index[r] = -1;
            return r;
        }
    }
}

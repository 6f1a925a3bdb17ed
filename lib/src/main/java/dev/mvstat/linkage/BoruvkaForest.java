package dev.mvstat.linkage;

import java.util.Arrays;

/**
 * The forest Borůvka's algorithm (Borůvka 1926) grows over the points of a {@link KdTree}: each
 * round, every component adds its shortest edge to another component ({@link BoruvkaSearch}), so
 * the number of components at least halves and ceil(log2 n) rounds give the minimum spanning tree.
 * The searches of a round may run anywhere, on any split of the points; this class keeps the
 * state between rounds.
 */
public final class BoruvkaForest {

    private final KdTree tree;
    private final UnionFind sets;
    /** The forest's edges, weighted by squared length. */
    private final Edges edges;

    private int components;

    /** @param tree the points, each a component of its own */
    public BoruvkaForest(KdTree tree) {
        this.tree = tree;
        this.sets = new UnionFind(tree.size());
        this.edges = new Edges(Math.max(0, tree.size() - 1));
        this.components = tree.size();
    }

    /**
     * @param coreSquared the squared core distance of the point at each tree position, for the tree
     *                    of mutual reachability distances, or null for the Euclidean one
     * @return the minimum spanning tree of the tree's points, computed here in one thread
     */
    public static Edges spanningTree(KdTree tree, double[] coreSquared) {
        BoruvkaForest forest = new BoruvkaForest(tree);
        while (forest.components() > 1) {
            int[] component = forest.componentByPosition();
            forest.addShortest(new BoruvkaSearch(tree, component, forest.components(), coreSquared)
                    .shortestOutgoing(0, tree.size()));
        }
        return forest.edges();
    }

    /** @return the number of components */
    public int components() {
        return components;
    }

    /** @return the component of the point at each tree position, numbered 0..components-1 */
    public int[] componentByPosition() {
        int[] dense = new int[tree.size()];
        Arrays.fill(dense, -1);
        int[] component = new int[tree.size()];
        int next = 0;
        for (int i = 0; i < component.length; i++) {
            int root = sets.find(tree.ids[i]);
            if (dense[root] < 0) {
                dense[root] = next++;
            }
            component[i] = dense[root];
        }
        return component;
    }

    /**
     * Adds to the forest, for each component, the shortest of the candidate edges leaving it.
     *
     * @param candidates edges found by {@link BoruvkaSearch} this round, by any split of the
     *                   queries, weighted by squared length; the first end of each lies in the
     *                   component it leaves; not modified
     */
    public void addShortest(Edges candidates) {
        int[] best = new int[tree.size()];
        Arrays.fill(best, -1);
        for (int e = 0; e < candidates.size(); e++) {
            int root = sets.find(candidates.u(e));
            int b = best[root];
            if (b < 0
                    || Edges.compare(
                                    candidates.weight(e),
                                    candidates.u(e),
                                    candidates.v(e),
                                    candidates.weight(b),
                                    candidates.u(b),
                                    candidates.v(b))
                            < 0) {
                best[root] = e;
            }
        }
        int before = components;
        for (int e : best) {
            if (e >= 0 && sets.union(candidates.u(e), candidates.v(e)) >= 0) {
                edges.add(candidates.u(e), candidates.v(e), candidates.weight(e));
                components--;
            }
        }
        if (components == before && components > 1) {
            throw new IllegalStateException("a Borůvka round joined no components: the candidates miss some");
        }
    }

    /** @return the forest's edges, weighted by Euclidean length (or mutual reachability distance) */
    public Edges edges() {
        Edges lengths = new Edges(edges.size());
        for (int e = 0; e < edges.size(); e++) {
            lengths.add(edges.u(e), edges.v(e), Math.sqrt(edges.weight(e)));
        }
        return lengths;
    }
}

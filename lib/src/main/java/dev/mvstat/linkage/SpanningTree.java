package dev.mvstat.linkage;

/**
 * The minimum spanning tree of n rows, under their distance or HDBSCAN*'s mutual reachability
 * distance max(core(a), core(b), d(a, b)), and how it was found.
 *
 * @param edges         the n-1 edges; endpoint i is the i-th row in the order of the input
 * @param points        n
 * @param algorithm     the algorithm that found it
 * @param rounds        Borůvka rounds, or the number of blocks of the blocked scheme
 * @param coreDistances each row's core distance, or null for the tree of plain distances
 * @param coreSeconds   the time the core distances took, 0 without them
 */
public record SpanningTree(
        Edges edges, int points, Algorithm algorithm, int rounds, double[] coreDistances, double coreSeconds) {

    /** The exact algorithms of distributed single linkage. */
    public enum Algorithm {
        /** Borůvka's rounds over a kd-tree of the rows ({@link BoruvkaForest}). */
        KD_TREE_BORUVKA("kd-tree boruvka", "rounds"),
        /** Dense Prim within blocks and pairs of blocks, the pairs' trees merged by Kruskal. */
        BLOCKED_PRIM_KRUSKAL("blocked prim + kruskal", "blocks");

        private final String label;
        private final String unit;

        Algorithm(String label, String unit) {
            this.label = label;
            this.unit = unit;
        }

        /** @return the name in outputs, e.g. {@code "kd-tree boruvka"} */
        public String label() {
            return label;
        }

        /** @return what {@link SpanningTree#rounds} counts: {@code "rounds"} or {@code "blocks"} */
        public String unit() {
            return unit;
        }
    }

    /** @return the single-linkage hierarchy the tree defines */
    public Dendrogram dendrogram() {
        return Dendrogram.of(edges, points);
    }
}

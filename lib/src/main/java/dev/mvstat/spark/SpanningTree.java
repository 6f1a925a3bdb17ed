package dev.mvstat.spark;

import dev.mvstat.linkage.Dendrogram;
import dev.mvstat.linkage.Edges;

/**
 * The minimum spanning tree of n rows and how it was found.
 *
 * @param edges     the n-1 edges; endpoint i is the i-th row in the order of the input RDD
 * @param points    n
 * @param algorithm {@code "kd-tree boruvka"} or {@code "blocked prim + kruskal"}
 * @param rounds    Borůvka rounds, or the number of blocks of the blocked scheme
 */
public record SpanningTree(Edges edges, int points, String algorithm, int rounds) {

    /** @return the single-linkage hierarchy the tree defines */
    public Dendrogram dendrogram() {
        return Dendrogram.of(edges, points);
    }
}

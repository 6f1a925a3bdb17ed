/**
 * Single linkage through the minimum spanning tree, on plain arrays: the metrics, dense Prim,
 * Kruskal over union-find, the kd-tree and Borůvka's rounds over it, and the dendrogram in scipy's
 * linkage format with its flat cuts; and for HDBSCAN*, core distances (k-nearest-neighbour
 * searches in the kd-tree, or blockwise) and the same trees under the mutual reachability distance.
 *
 * <p>Depends on {@code dev.mvstat.moments} only; nothing of Spark.
 */
package dev.mvstat.linkage;

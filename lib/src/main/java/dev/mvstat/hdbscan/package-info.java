/**
 * HDBSCAN* (Campello, Moulavi and Sander 2013; McInnes and Healy 2017) on the single-linkage
 * hierarchy of the mutual reachability distances that {@code dev.mvstat.linkage} computes: the
 * condensed tree for a minimum cluster size, cluster selection by excess of mass or leaves with an
 * optional selection epsilon, and each observation's label, membership probability and GLOSH
 * outlier score, as scikit-learn's {@code HDBSCAN} defines them.
 *
 * <p>Depends on {@code dev.mvstat.linkage} only; nothing of Spark.
 */
package dev.mvstat.hdbscan;

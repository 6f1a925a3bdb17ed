/**
 * The statistics on Spark: covariance and Spearman correlation in one pass of mergeable
 * accumulators combined by a deterministic tree, Mahalanobis scoring with a broadcast factor,
 * exact distributed single linkage, and Gaussian fits whose steps run on the executors; plus how
 * rows are read from Datasets ({@link dev.mvstat.spark.InputColumns}).
 *
 * <p>Depends on the math packages and Spark; not on {@code dev.mvstat.ml} or the jobs.
 */
package dev.mvstat.spark;

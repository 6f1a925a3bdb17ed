/**
 * Moments of rows: the mergeable co-moment accumulator ({@link dev.mvstat.moments.CoMoments}),
 * per-column means and variances ({@link dev.mvstat.moments.ColumnMoments}), average ranks for
 * Spearman, the covariance model every job reads (mean, covariance, correlations, rank,
 * eigenvalues), and column names listed in messages.
 *
 * <p>Depends on {@code dev.mvstat.linalg} only; nothing of Spark.
 */
package dev.mvstat.moments;

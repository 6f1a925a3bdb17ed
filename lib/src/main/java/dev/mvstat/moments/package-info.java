/**
 * Moments of rows: the mergeable co-moment accumulator ({@link dev.mvstat.moments.CoMoments}),
 * average ranks for Spearman, and the covariance model every job reads (mean, covariance,
 * correlations, rank, eigenvalues).
 *
 * <p>Depends on {@code dev.mvstat.linalg} only; nothing of Spark.
 */
package dev.mvstat.moments;

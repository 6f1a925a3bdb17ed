/**
 * Statistics of a features column in Spark ML's style: {@link dev.mvstat.ml.stat.Covariance} (as
 * MLlib's {@code Correlation.corr}) and the SQL aggregate {@code mvstat_covariance}, a typed
 * aggregator over the same mergeable co-moments, registered by
 * {@link dev.mvstat.ml.stat.MvstatFunctions#register}.
 *
 * <p>Depends on {@code dev.mvstat.moments}, {@code dev.mvstat.spark} and Spark SQL.
 */
package dev.mvstat.ml.stat;

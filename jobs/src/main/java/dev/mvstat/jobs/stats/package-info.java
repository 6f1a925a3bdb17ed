/**
 * The data jobs (covariance, mahalanobis, cluster; the fits live in {@code fit}), each a
 * {@link dev.mvstat.jobs.stats.DataJob} with what is its own: options, the statistics it asks of
 * the library, its files, report and summary fields. {@code DataJob} is the run they share, with
 * {@link dev.mvstat.jobs.stats.RunInput} and the {@link dev.mvstat.jobs.stats.RunRecord} behind
 * summary.json. Depends on {@code cli}, {@code output}, {@code input} and {@code report}.
 */
package dev.mvstat.jobs.stats;

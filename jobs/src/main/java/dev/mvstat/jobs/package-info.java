/**
 * The command-line jobs: {@link dev.mvstat.jobs.Main} (the jar's entry point, dispatch and exit
 * codes) and one class per data job (covariance, mahalanobis, cluster, fit-gaussian) with what is
 * its own: the statistics it asks of the library and the files it writes. The plumbing they share
 * lives in the subpackages by role: {@code cli}, {@code input}, {@code output}, {@code report},
 * {@code pipeline} and {@code bench}.
 */
package dev.mvstat.jobs;

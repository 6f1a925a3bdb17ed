/**
 * The {@code pipeline} job: its stages (covariance, mahalanobis, cluster, fit-gaussian) run in
 * order into one directory, with fingerprints to skip a stage whose inputs did not change, and
 * the pipeline's summary and report.
 */
package dev.mvstat.jobs.pipeline;

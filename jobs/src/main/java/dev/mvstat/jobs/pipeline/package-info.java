/**
 * The {@code pipeline} job: its stages (covariance, mahalanobis, cluster, fit-gaussian) run in
 * order into one directory, with fingerprints to skip a stage whose inputs did not change, and
 * the pipeline's summary and report. Depends on {@code stats} and {@code fit} (the jobs it runs), {@code report},
 * {@code output}, {@code input} and {@code cli}.
 */
package dev.mvstat.jobs.pipeline;

/**
 * A job's output: the staged directory renamed into place with {@code _SUCCESS} last and its
 * lock, JSON and matrix CSV writers, the covariance model file, Parquet encodings, and the run
 * record behind {@code summary.json}.
 */
package dev.mvstat.jobs.output;

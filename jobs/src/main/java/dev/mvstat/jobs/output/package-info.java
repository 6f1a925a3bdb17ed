/**
 * A job's output: the staged directory renamed into place with {@code _SUCCESS} last and its
 * lock, JSON, matrix CSV and .npy writers, the covariance job's model and matrix files, and
 * Parquet encodings. Depends on {@code cli} only.
 */
package dev.mvstat.jobs.output;

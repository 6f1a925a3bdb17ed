/**
 * The likelihood fits: the {@code fit-gaussian} and {@code fit-mixture} jobs on the run the data
 * jobs share ({@link dev.mvstat.jobs.stats.DataJob}), their options, {@code trace.csv}, the fitted
 * models' files and their reports (convergence curves, rows with each Gaussian's 2-sigma ellipse).
 *
 * <p>Depends on {@code dev.mvstat.jobs.stats} and the packages below it, and on the library;
 * used by the pipeline and the entry point.
 */
package dev.mvstat.jobs.fit;

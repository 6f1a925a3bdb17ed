/**
 * The jar's entry point, {@link dev.mvstat.jobs.Main}: the jobs by name, dispatch and exit codes.
 * The jobs live in the subpackages, which depend on each other one way only:
 * {@code cli} <- {@code output} <- {@code input} <- {@code report} <- {@code stats} <-
 * {@code pipeline}, and {@code bench}, which only this package reaches.
 */
package dev.mvstat.jobs;

/**
 * The command line: the {@link dev.mvstat.jobs.cli.Job} contract, options and their defaults,
 * exit codes, and the one-line errors a job fails with. Depends on no other package of the jobs.
 */
package dev.mvstat.jobs.cli;

/**
 * The {@code bench} job: each scenario runs this project and its MLlib or hand-written baseline
 * on the same generated data in the same run and prints both times and the ratio. The only code
 * that uses MLlib's statistics as baselines. Reached only from the entry point, which hands it
 * the job launcher; depends on {@code stats}, {@code report}, {@code input} and {@code cli}.
 */
package dev.mvstat.jobs.bench;

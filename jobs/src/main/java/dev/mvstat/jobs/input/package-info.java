/**
 * A job's input: formats (CSV with its header check, Parquet, JSON lines), column selection or a
 * features column, strict parsing with the exact decimal pivot, and rejected rows kept with their
 * reason ({@link dev.mvstat.jobs.input.InputData}). Depends on {@code cli} and {@code output}
 * (where rejected rows are written).
 */
package dev.mvstat.jobs.input;

package dev.mvstat.spark;

import org.apache.spark.sql.Row;

import java.io.Serializable;
import java.util.function.Function;

/**
 * A function of a row that tasks run: built on the driver, shipped in the closure.
 *
 * @param <R> its result
 */
@FunctionalInterface
public interface RowFunction<R> extends Function<Row, R>, Serializable {}

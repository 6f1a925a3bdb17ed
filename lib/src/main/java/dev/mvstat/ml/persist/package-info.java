/**
 * How models are saved: Spark ML's metadata (class, uid, params) beside a versioned JSON state
 * file, read back with checks that name the path and what is wrong.
 *
 * <p>Depends on Spark ML's persistence only; the models in {@code dev.mvstat.ml} use it.
 */
package dev.mvstat.ml.persist;

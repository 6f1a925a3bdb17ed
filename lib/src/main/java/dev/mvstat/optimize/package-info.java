/**
 * Driver-side minimizers of any differentiable function, in ask-and-tell form
 * ({@link dev.mvstat.optimize.Optimizer}): Adam, SGD with momentum and L-BFGS, and the loop that
 * runs one to a tolerance. They know nothing of the model whose loss they minimize.
 *
 * <p>Depends on nothing of this project and nothing of Spark.
 */
package dev.mvstat.optimize;

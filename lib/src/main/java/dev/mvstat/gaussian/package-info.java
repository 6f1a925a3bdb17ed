/**
 * Gaussians parameterised by a Cholesky factor: the model and its log-density, the negative
 * log-likelihood of a batch with its exact gradient and its Fisher information, the standardized
 * coordinates a fit works in, mini-batches of shuffled rows, {@link dev.mvstat.gaussian.BatchSchedule},
 * which drives one optimizer per group over growing batches of them (for any objective: the
 * mixtures' too), {@link dev.mvstat.gaussian.GaussianFitter}, and the closed-form
 * maximum-likelihood Gaussian it converges to.
 *
 * <p>Depends on {@code dev.mvstat.linalg}, {@code dev.mvstat.moments} and
 * {@code dev.mvstat.optimize}; nothing of Spark (the batches cached on executors live in
 * {@code dev.mvstat.spark}).
 */
package dev.mvstat.gaussian;

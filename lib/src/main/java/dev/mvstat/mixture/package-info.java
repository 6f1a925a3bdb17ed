/**
 * Mixtures of K full-covariance Gaussians, each a {@link dev.mvstat.gaussian.CholeskyGaussian},
 * with softmax weights: the model and its log-density, the sums from which a batch's log-sum-exp
 * NLL, its exact gradient and the EM step follow, k-means++ starting points, and
 * {@link dev.mvstat.mixture.MixtureFitter}, which fits every start at once with the Gaussian fit's
 * schedule and optimizers.
 *
 * <p>Depends on {@code dev.mvstat.gaussian}, {@code dev.mvstat.linalg}, {@code dev.mvstat.moments}
 * and {@code dev.mvstat.optimize}; nothing of Spark.
 */
package dev.mvstat.mixture;

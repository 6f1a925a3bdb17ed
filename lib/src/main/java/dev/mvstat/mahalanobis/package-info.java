/**
 * Mahalanobis distance on plain arrays: the model (mean and Cholesky factor of the regularized
 * covariance), the regularizations (ridge, Ledoit-Wolf, OAS), the whitening of blocks of rows and
 * the chi-square tail and quantile of the squared distance.
 *
 * <p>Depends on {@code dev.mvstat.linalg} and {@code dev.mvstat.moments}; nothing of Spark.
 */
package dev.mvstat.mahalanobis;

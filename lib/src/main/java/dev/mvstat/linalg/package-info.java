/**
 * Dense linear algebra on {@code double[]} for the kernels and the driver: the Gram update of a
 * block of rows ({@link dev.mvstat.linalg.Gram}, native {@code dsyrk} or Java tiles), the blocked
 * Cholesky factorization with the numerical rank, triangular solves (blocked for blocks of rows)
 * and symmetric eigenvalues by tridiagonal reduction. The {@code Vector*} classes are the SIMD
 * forms of the inner loops, linked only when the JVM runs with {@code jdk.incubator.vector}.
 *
 * <p>Depends on nothing of this project and nothing of Spark (netlib BLAS only, when native).
 */
package dev.mvstat.linalg;

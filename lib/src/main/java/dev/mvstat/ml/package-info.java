/**
 * Spark ML stages: {@link dev.mvstat.ml.MahalanobisOutlierDetector}, {@link dev.mvstat.ml.SingleLinkage}
 * and {@link dev.mvstat.ml.CholeskyGaussian}, each an {@code Estimator} whose {@code Model} appends
 * its output columns in {@code transform} without starting a Spark job (so models apply to
 * streaming Datasets too), saves itself ({@code MLWritable}) and loads inside a
 * {@code PipelineModel}. Inputs are a features column (ML vector, {@code array<double>},
 * {@code array<float>}) or named numeric columns, read by {@link dev.mvstat.spark.InputColumns}.
 *
 * <p>Depends on the math packages, {@code dev.mvstat.spark} and Spark ML; nothing depends on it
 * but applications (and the jobs).
 */
package dev.mvstat.ml;

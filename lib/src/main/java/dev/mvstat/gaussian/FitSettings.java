package dev.mvstat.gaussian;

import dev.mvstat.optimize.OptimizerKind;

/**
 * How to fit: optimizer, batch size, learning rate, epoch budget, stopping tolerance and seed.
 *
 * @param optimizer    the optimizer
 * @param batchSize    rows per mini-batch, or 0 for the default: a quarter of the rows, but at
 *                     least {@link #MIN_DEFAULT_BATCH_SIZE} (all rows if fewer). Each step is one
 *                     distributed job with a fixed cost, so a few large batches keep an epoch's cost
 *                     near one pass over the data. L-BFGS always uses all rows
 * @param learningRate the learning rate (Adam's alpha, SGD's step, L-BFGS's first step length)
 * @param maxEpochs    the most passes over the data the optimizer may take
 * @param tolerance    the fit has converged once {@link Likelihood#stationarity()} over all rows is
 *                     at most this (the mean-NLL gap to the optimum is then about tolerance^2 / 2 or less)
 * @param seed         the seed of the row shuffle
 */
public record FitSettings(
        OptimizerKind optimizer, int batchSize, double learningRate, int maxEpochs, double tolerance, long seed) {

    public static final int DEFAULT_BATCHES_PER_EPOCH = 4;
    public static final int MIN_DEFAULT_BATCH_SIZE = 65_536;
    public static final int DEFAULT_MAX_EPOCHS = 2000;
    public static final double DEFAULT_TOLERANCE = 1e-5;

    public FitSettings {
        if (batchSize < 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be positive and finite, got " + learningRate);
        }
        if (maxEpochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + maxEpochs);
        }
        if (!(tolerance > 0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException("tolerance must be positive and finite, got " + tolerance);
        }
    }

    /** The defaults for an optimizer, seed 0. */
    public static FitSettings defaults(OptimizerKind optimizer) {
        return new FitSettings(optimizer, 0, optimizer.defaultLearningRate(), DEFAULT_MAX_EPOCHS, DEFAULT_TOLERANCE, 0);
    }

    public FitSettings withBatchSize(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + rows);
        }
        return new FitSettings(optimizer, rows, learningRate, maxEpochs, tolerance, seed);
    }

    public FitSettings withLearningRate(double rate) {
        return new FitSettings(optimizer, batchSize, rate, maxEpochs, tolerance, seed);
    }

    public FitSettings withMaxEpochs(int epochs) {
        return new FitSettings(optimizer, batchSize, learningRate, epochs, tolerance, seed);
    }

    public FitSettings withTolerance(double t) {
        return new FitSettings(optimizer, batchSize, learningRate, maxEpochs, t, seed);
    }

    public FitSettings withSeed(long s) {
        return new FitSettings(optimizer, batchSize, learningRate, maxEpochs, tolerance, s);
    }

    /** The batch size for n rows: all of them for L-BFGS, else the given or default size. */
    public long rowsPerBatch(long n) {
        if (!optimizer.miniBatch()) {
            return n;
        }
        if (batchSize == 0) {
            return Math.min(
                    n,
                    Math.max(MIN_DEFAULT_BATCH_SIZE, (n + DEFAULT_BATCHES_PER_EPOCH - 1) / DEFAULT_BATCHES_PER_EPOCH));
        }
        if (batchSize > n) {
            throw new IllegalArgumentException("batch size " + batchSize + " is larger than the data, " + n + " rows");
        }
        return batchSize;
    }
}

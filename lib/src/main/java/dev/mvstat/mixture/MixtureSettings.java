package dev.mvstat.mixture;

import dev.mvstat.gaussian.FitSettings;

/**
 * How to fit a mixture: the number of components, the optimizer and schedule, the starts and the
 * covariance floor.
 *
 * @param components the number of Gaussians K, at least 1
 * @param fit        the optimizer, batch size, learning rate, epoch budget, tolerance and seed
 * @param starts     the number of starts, each from its own k-means++ seeding, fitted together in
 *                   the same passes; the one with the highest likelihood is kept
 * @param floor      the covariance floor: each component's covariance is kept from falling much
 *                   below this times the data's variance per column (see {@link MixtureStatistics})
 */
public record MixtureSettings(int components, FitSettings fit, int starts, double floor) {

    public static final int DEFAULT_STARTS = 1;
    public static final double DEFAULT_FLOOR = 1e-6;

    public MixtureSettings {
        if (components < 1) {
            throw new IllegalArgumentException("the number of components must be at least 1, got " + components);
        }
        if (starts < 1) {
            throw new IllegalArgumentException("starts must be at least 1, got " + starts);
        }
        if (!(floor > 0) || Double.isInfinite(floor)) {
            throw new IllegalArgumentException("the covariance floor must be positive and finite, got " + floor);
        }
    }

    /** K components with the fit settings given, one start and the default floor. */
    public static MixtureSettings of(int components, FitSettings fit) {
        return new MixtureSettings(components, fit, DEFAULT_STARTS, DEFAULT_FLOOR);
    }

    public MixtureSettings withStarts(int s) {
        return new MixtureSettings(components, fit, s, floor);
    }

    public MixtureSettings withFloor(double f) {
        return new MixtureSettings(components, fit, starts, f);
    }
}

package dev.mvstat.jobs.bench;

import dev.mvstat.jobs.cli.JobException;
import dev.mvstat.moments.CoMoments;
import dev.mvstat.moments.CovarianceModel;
import dev.mvstat.spark.DistributedCovariance;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code bench covariance --scenario scaling}: this project alone on {@code --rows} cached rows at
 * widths d doubling from 256 up to {@code --cols}. For each width it times the distributed co-moment
 * pass (n d (d + 1) / 2 multiply-adds: about 4 times longer at twice the width) and, on the driver,
 * the factorization of its result into the covariance model (Cholesky with rank, eigenvalues by
 * tridiagonal reduction, correlation: cubic in d, about 8 times longer), and prints the driver's
 * share of the two and each time's growth from the previous width.
 */
final class WidthScalingBench {

    /** The narrowest width of the table. */
    private static final int FIRST_WIDTH = 256;

    private WidthScalingBench() {}

    /** @throws JobException (usage) when {@code --cols} is narrower than the first width */
    static void checkWidth(long cols) {
        if (cols < FIRST_WIDTH) {
            throw JobException.usage("the scaling scenario doubles the width from " + FIRST_WIDTH
                    + " up to --cols: bench covariance --scenario scaling --rows N --cols D with D of at least "
                    + FIRST_WIDTH + " (each cached row takes 8 D bytes)");
        }
    }

    /** Runs the scenario, its width {@linkplain #checkWidth checked}. */
    static void run(BenchJob.Setup s) {
        System.out.printf(
                Locale.ROOT,
                "scaling in width (this project, %d cached rows): the co-moment pass on the "
                        + "executors, the factorization (Cholesky, eigenvalues, correlation) on the driver%n",
                s.rows());
        System.out.println("      rows      d    pass s  GFLOP/s  factorization s  driver share  pass growth (~4x)"
                + "  factorization growth (~8x)");
        Width previous = null;
        for (int d = FIRST_WIDTH; d <= s.cols(); d *= 2) {
            Width width = time(s, d);
            System.out.printf(
                    Locale.ROOT,
                    "  %8d  %5d  %8.3f  %7.2f  %15.3f  %11.1f%%  %17s  %26s%n",
                    s.rows(),
                    d,
                    width.pass,
                    BenchJob.gflops(s.rows(), d, width.pass),
                    width.factorization,
                    100 * width.factorization / (width.pass + width.factorization),
                    previous == null ? "-" : growth(width.pass, previous.pass),
                    previous == null ? "-" : growth(width.factorization, previous.factorization));
            previous = width;
        }
    }

    /** The median seconds of the pass and of the factorization at one width. */
    private record Width(double pass, double factorization) {}

    /** Times the pass on freshly cached rows of width d (unpersisted after), then the factorization of its result. */
    private static Width time(BenchJob.Setup s, int d) {
        AtomicReference<CoMoments> moments = new AtomicReference<>();
        double pass = BenchJob.onCached(s, BenchJob.generate(s, s.rows(), d), rows -> {
            moments.set(DistributedCovariance.coMoments(rows));
            return moments.get();
        });
        List<String> names = BenchJob.columnNames(d);
        double factorization = BenchJob.median(s, () -> CovarianceModel.of(names, moments.get(), null));
        return new Width(pass, factorization);
    }

    private static String growth(double seconds, double previousSeconds) {
        return String.format(Locale.ROOT, "%.2fx", seconds / previousSeconds);
    }
}

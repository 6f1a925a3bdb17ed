package dev.mvstat.jobs.bench;

import dev.mvstat.linalg.Gram;
import dev.mvstat.moments.CoMoments;
import org.apache.spark.api.java.JavaRDD;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the co-moment pass over cached rows cannot go below on this host, measured on the same
 * cached rows and tasks as the pass: a Spark job that only iterates the rows ({@code count}), one
 * that reads every value, and one that runs the rank-k kernel ({@link Gram#addTo}) as many times as
 * the pass does but on a single block that stays in cache, so with no data read. The pass must read
 * the rows and run the kernel; run one after the other, as a task does, they take at least
 * {@code read + kernel - count} (one job's overhead counted once), which bounds the ratio any
 * implementation on this BLAS can reach against the baseline's time.
 */
public final class PassFloor {

    private PassFloor() {}

    /** Measures the three jobs on freshly generated and cached rows and prints them with the bound. */
    static void report(BenchJob.Setup s, double baselineSeconds) {
        JavaRDD<double[]> rows = BenchJob.generate(s, s.rows(), s.cols()).cache();
        try {
            List<Integer> sizes = rows.mapPartitions(it -> {
                        int n = 0;
                        for (; it.hasNext(); it.next()) {
                            n++;
                        }
                        return List.of(n).iterator();
                    })
                    .collect();
            double count = BenchJob.median(s, rows::count);
            double read = BenchJob.median(s, () -> rows.map(PassFloor::sum).reduce(Double::sum));
            double kernel = BenchJob.median(s, () -> kernelAlone(rows, sizes));
            double floor = read + kernel - count;
            System.out.printf(
                    Locale.ROOT,
                    "floor of the pass on this host (same cached rows and tasks, medians):%n"
                            + "  a job iterating the rows (count)         %7.3f s%n"
                            + "  a job reading every value                %7.3f s%n"
                            + "  the kernel alone on an in-cache block    %7.3f s%n"
                            + "  reading + kernel - count                 %7.3f s: at most %.1fx against the baseline's %.3f s%n",
                    count,
                    read,
                    kernel,
                    floor,
                    baselineSeconds / floor,
                    baselineSeconds);
        } finally {
            rows.unpersist(true);
        }
    }

    /** Sum of a row's values with four accumulators, so that the loop is bound by memory, not by add latency. */
    private static double sum(double[] row) {
        double a = 0, b = 0, c = 0, d = 0;
        int j = 0;
        for (; j + 4 <= row.length; j += 4) {
            a += row[j];
            b += row[j + 1];
            c += row[j + 2];
            d += row[j + 3];
        }
        for (; j < row.length; j++) {
            a += row[j];
        }
        return a + b + c + d;
    }

    /**
     * Each task fills one block from its partition's first rows and runs the kernel on it as many
     * times as the pass would for the partition's size.
     */
    private static List<double[]> kernelAlone(JavaRDD<double[]> rows, List<Integer> sizes) {
        return rows.mapPartitionsWithIndex(
                        (index, it) -> {
                            List<double[]> out = new ArrayList<>();
                            int n = sizes.get(index);
                            if (n == 0) {
                                return out.iterator();
                            }
                            double[] first = it.next();
                            int d = first.length;
                            Gram block = new Gram(d, CoMoments.BLOCK_ROWS);
                            for (int r = 0; r < CoMoments.BLOCK_ROWS; r++) {
                                block.setRow(r, r == 0 || !it.hasNext() ? first : it.next());
                            }
                            double[] g = new double[Gram.packedLength(d)];
                            double[] center = new double[d];
                            for (int done = 0; done < n; done += CoMoments.BLOCK_ROWS) {
                                block.addTo(Math.min(CoMoments.BLOCK_ROWS, n - done), center, g);
                            }
                            out.add(g);
                            return out.iterator();
                        },
                        false)
                .collect();
    }
}

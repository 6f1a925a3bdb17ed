package dev.mvstat.jobs.stats;

import org.apache.spark.api.java.JavaRDD;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What summary.json and report.html say of the squared distances, in one pass over them: count,
 * mean, outliers above the threshold, the most outlying rows, and a systematic sample (every k-th
 * row) for the QQ plot and the histogram.
 */
public final class ScoreSummary {

    static final int TOP = 20;
    static final int SAMPLE = 2000;

    /** A scored row's 0-based input position and squared distance. */
    public static final class Scored implements Serializable {
        public final long rowIndex;
        public final double distance;

        Scored(long rowIndex, double distance) {
            this.rowIndex = rowIndex;
            this.distance = distance;
        }
    }

    /** One partition's share. A class, not a record: Spark's Kryo serializer cannot build records. */
    private static final class Part implements Serializable {
        long rows;
        double sum;
        long outliers;
        final List<Scored> top = new ArrayList<>();
        /** Rows at or below this distance cannot enter {@link #top} any more. */
        double floor = Double.NEGATIVE_INFINITY;

        final List<Scored> sample = new ArrayList<>();

        /** Keeps a row among the candidates for the top, pruning them now and then. */
        void offer(long rowIndex, double distance) {
            if (distance > floor) {
                top.add(new Scored(rowIndex, distance));
                if (top.size() > 4 * TOP) {
                    keepTop(top);
                    floor = top.get(TOP - 1).distance;
                }
            }
        }
    }

    private static final Comparator<Scored> MOST_OUTLYING =
            Comparator.<Scored>comparingDouble(s -> -s.distance).thenComparingLong(s -> s.rowIndex);

    public final long rows;
    public final double mean;
    public final long outliers;
    /** The most outlying rows, most outlying first (ties in input order). */
    public final List<Scored> top;
    /** The sampled squared distances, ascending. */
    public final double[] sample;
    /** The sampled rows, in input order. */
    public final List<Scored> sampled;

    private ScoreSummary(long rows, double mean, long outliers, List<Scored> top, List<Scored> sampled) {
        this.rows = rows;
        this.mean = mean;
        this.outliers = outliers;
        this.top = top;
        this.sampled = sampled;
        this.sample = sampled.stream().mapToDouble(t -> t.distance).sorted().toArray();
    }

    /**
     * @param distances per partition, the squared distance of each row, NaN for rows not scored
     * @param threshold rows above it are outliers
     * @param scored    how many rows are scored, to space the sample
     * @param offsets   the 0-based input position of each partition's first row
     */
    static ScoreSummary of(JavaRDD<double[]> distances, double threshold, long scored, long[] offsets) {
        long every = Math.max(1, scored / SAMPLE);
        List<Part> parts = distances
                .mapPartitionsWithIndex(
                        (p, it) -> {
                            Part part = new Part();
                            while (it.hasNext()) {
                                double[] d2 = it.next();
                                for (int i = 0; i < d2.length; i++) {
                                    if (Double.isNaN(d2[i])) {
                                        continue;
                                    }
                                    if (part.rows % every == 0) {
                                        part.sample.add(new Scored(offsets[p] + i, d2[i]));
                                    }
                                    part.rows++;
                                    part.sum += d2[i];
                                    part.outliers += d2[i] > threshold ? 1 : 0;
                                    part.offer(offsets[p] + i, d2[i]);
                                }
                            }
                            keepTop(part.top);
                            return List.of(part).iterator();
                        },
                        true)
                .collect();
        long rows = 0;
        double sum = 0;
        long outliers = 0;
        List<Scored> top = new ArrayList<>();
        List<Scored> sample = new ArrayList<>();
        for (Part part : parts) {
            rows += part.rows;
            sum += part.sum;
            outliers += part.outliers;
            top.addAll(part.top);
            sample.addAll(part.sample);
        }
        keepTop(top);
        return new ScoreSummary(rows, rows == 0 ? Double.NaN : sum / rows, outliers, List.copyOf(top), sample);
    }

    private static void keepTop(List<Scored> scored) {
        scored.sort(MOST_OUTLYING);
        if (scored.size() > TOP) {
            scored.subList(TOP, scored.size()).clear();
        }
    }
}

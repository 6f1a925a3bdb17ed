package dev.mvstat.moments;

/**
 * Ranks with ties replaced by their average ("fractional ranking", as
 * {@code scipy.stats.rankdata(method="average")}), read off a sorted copy of the values.
 */
public final class AverageRanks {

    private AverageRanks() {}

    /**
     * The 1-based average rank of {@code v} among {@code sorted}: the values below it take ranks
     * 1..lo and the values equal to it share ranks lo+1..hi, whose mean is (lo + 1 + hi) / 2.
     *
     * @param sorted values in ascending order; not modified
     * @param v      a value present in {@code sorted}
     * @return its average rank
     */
    public static double of(double[] sorted, double v) {
        int lo = countBelow(sorted, v);
        int hi = countAtMost(sorted, v);
        return (lo + 1 + hi) / 2.0;
    }

    /** @return the number of values of {@code sorted} strictly below v */
    public static int countBelow(double[] sorted, double v) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** @return the number of values of {@code sorted} at most v */
    public static int countAtMost(double[] sorted, double v) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}

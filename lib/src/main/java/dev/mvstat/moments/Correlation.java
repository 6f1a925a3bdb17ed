package dev.mvstat.moments;

/** Pearson correlation from a covariance matrix. */
public final class Correlation {

    private Correlation() {}

    /**
     * {@code r_ij = c_ij / sqrt(c_ii c_jj)}, clipped to [-1, 1], with an exact 1 on the diagonal.
     * Entries in the row and column of a zero-variance column are undefined and returned as NaN:
     * callers write them as {@code null}.
     *
     * @param cov d x d row-major covariance; not modified
     * @param d   number of columns
     * @return the correlation matrix, row-major d x d (a new array)
     */
    public static double[] fromCovariance(double[] cov, int d) {
        double[] r = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double vi = cov[i * d + i];
                double vj = cov[j * d + j];
                if (vi <= 0 || vj <= 0) {
                    r[i * d + j] = Double.NaN;
                } else if (i == j) {
                    r[i * d + j] = 1.0;
                } else {
                    double c = cov[i * d + j] / (Math.sqrt(vi) * Math.sqrt(vj));
                    r[i * d + j] = Math.max(-1.0, Math.min(1.0, c));
                }
            }
        }
        return r;
    }
}

package dev.mvstat.testing;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;

/** The sample covariance of double rows in 60-digit decimal arithmetic: the exact answer to compare with. */
public final class ExactCovariance {

    private static final MathContext CONTEXT = new MathContext(60);

    private ExactCovariance() {}

    /** @return the covariance (denominator n - 1), row-major d x d, rounded once to doubles */
    public static double[] of(List<double[]> rows) {
        int d = rows.get(0).length;
        int n = rows.size();
        BigDecimal[] mean = new BigDecimal[d];
        for (int j = 0; j < d; j++) {
            BigDecimal sum = BigDecimal.ZERO;
            for (double[] row : rows) {
                sum = sum.add(new BigDecimal(row[j]));
            }
            mean[j] = sum.divide(BigDecimal.valueOf(n), CONTEXT);
        }
        double[] cov = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                BigDecimal sum = BigDecimal.ZERO;
                for (double[] row : rows) {
                    sum = sum.add(new BigDecimal(row[i])
                            .subtract(mean[i])
                            .multiply(new BigDecimal(row[j]).subtract(mean[j])));
                }
                cov[i * d + j] = sum.divide(BigDecimal.valueOf(n - 1), CONTEXT).doubleValue();
            }
        }
        return cov;
    }
}

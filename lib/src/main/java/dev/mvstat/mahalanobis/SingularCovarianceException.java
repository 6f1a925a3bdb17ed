package dev.mvstat.mahalanobis;

import dev.mvstat.linalg.Cholesky;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The covariance to factor is not positive definite. The message names the numerical rank, the
 * constant columns and one collinear set, as a linear relation between named columns.
 */
public final class SingularCovarianceException extends ArithmeticException {

    /** Coefficients below this fraction of the dependent column's scale are left out of the relation. */
    private static final double NEGLIGIBLE = 1e-9;

    /** Numerical rank. */
    public final int rank;
    /** Columns with zero variance. */
    public final List<String> constantColumns;
    /** One set of columns of which the last is a linear combination of the others, or empty. */
    public final List<String> collinearColumns;

    private SingularCovarianceException(String message, int rank, List<String> constant, List<String> collinear) {
        super(message);
        this.rank = rank;
        this.constantColumns = List.copyOf(constant);
        this.collinearColumns = List.copyOf(collinear);
    }

    /**
     * @param columns    column names
     * @param covariance the covariance that failed, row-major
     * @param cholesky   its factorization, not positive definite
     * @return the exception describing why
     */
    static SingularCovarianceException of(String[] columns, double[] covariance, Cholesky cholesky) {
        int d = columns.length;
        List<String> constant = new ArrayList<>();
        List<String> collinear = new ArrayList<>();
        String relation = null;
        for (int k : cholesky.dependentColumns()) {
            if (covariance[k * d + k] <= 0) {
                constant.add(columns[k]);
            } else if (relation == null) {
                double[] b = cholesky.dependenceOf(k);
                StringBuilder terms = new StringBuilder();
                double scale = Math.sqrt(covariance[k * d + k]);
                for (int j = 0; j < k; j++) {
                    if (Math.abs(b[j]) * Math.sqrt(covariance[j * d + j]) > NEGLIGIBLE * scale) {
                        collinear.add(columns[j]);
                        terms.append(
                                        terms.isEmpty()
                                                ? roundedTo6Digits(b[j])
                                                : (b[j] < 0 ? " - " : " + ") + roundedTo6Digits(Math.abs(b[j])))
                                .append(' ')
                                .append(columns[j]);
                    }
                }
                collinear.add(columns[k]);
                relation = columns[k] + " = " + terms + " + constant";
            }
        }
        String message = "the covariance of " + d + " columns is not positive definite: numerical rank "
                + cholesky.rank() + "; constant columns: " + (constant.isEmpty() ? "none" : String.join(", ", constant))
                + (relation == null
                        ? ""
                        : "; collinear columns: " + String.join(", ", collinear) + " (" + relation + ")");
        return new SingularCovarianceException(message, cholesky.rank(), constant, collinear);
    }

    private static String roundedTo6Digits(double x) {
        return new BigDecimal(x).round(new MathContext(6)).stripTrailingZeros().toString();
    }
}

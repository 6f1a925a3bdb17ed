package dev.mvstat.mahalanobis;

import java.io.Serializable;
import java.util.Iterator;
import java.util.Locale;

/**
 * What is done to a covariance matrix before it is factored: nothing, a ridge, or the shrinkage
 * toward {@code mu I} ({@code mu = trace / d}) of Ledoit and Wolf, "A well-conditioned estimator
 * for large-dimensional covariance matrices" (2004), or of Chen, Wiesel, Eldar and Hero, "Shrinkage
 * algorithms for MMSE covariance estimation" (2010, OAS), computed exactly as scikit-learn's
 * {@code LedoitWolf} and {@code OAS} do: from the maximum-likelihood covariance (denominator n).
 */
public final class Regularization implements Serializable {

    /** The methods, by their command-line names. */
    public enum Method {
        NONE("none"),
        RIDGE("ridge"),
        LEDOIT_WOLF("ledoit-wolf"),
        OAS("oas");

        private final String text;

        Method(String text) {
            this.text = text;
        }
    }

    /**
     * A regularized covariance {@code scale * S + shift * I} of a sample covariance S.
     *
     * @param covariance the matrix to factor, row-major d x d
     * @param intensity  the shrinkage intensity (Ledoit-Wolf, OAS), the ridge's lambda, or 0
     * @param scale      the factor of S, positive unless the shrinkage is total
     * @param shift      what is added to the diagonal
     */
    public record Result(double[] covariance, double intensity, double scale, double shift) {

        /**
         * @param ofSample the sample covariance's eigenvalues, ascending
         * @return the regularized covariance's, ascending: the same affine map, with no second
         *         decomposition
         */
        public double[] eigenvalues(double[] ofSample) {
            double[] values = new double[ofSample.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = scale * ofSample[i] + shift;
            }
            return values;
        }
    }

    private final Method method;
    /** The ridge's lambda, a multiple of the mean variance; 0 otherwise. */
    private final double lambda;

    private Regularization(Method method, double lambda) {
        this.method = method;
        this.lambda = lambda;
    }

    /** @return no regularization: a covariance that is not positive definite is an error */
    public static Regularization none() {
        return new Regularization(Method.NONE, 0);
    }

    /** @return {@code lambda} times the mean variance added to the diagonal; lambda at least 0 */
    public static Regularization ridge(double lambda) {
        if (!(lambda >= 0 && lambda < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("ridge lambda must be a finite number >= 0, got " + lambda);
        }
        return new Regularization(Method.RIDGE, lambda);
    }

    /** @return Ledoit-Wolf shrinkage, which needs {@link #needsFourthMoments() fourth moments} */
    public static Regularization ledoitWolf() {
        return new Regularization(Method.LEDOIT_WOLF, 0);
    }

    /** @return Oracle Approximating Shrinkage */
    public static Regularization oas() {
        return new Regularization(Method.OAS, 0);
    }

    /**
     * @param text {@code none}, {@code ridge:<lambda>}, {@code ledoit-wolf} or {@code oas}
     * @return the regularization
     * @throws IllegalArgumentException naming what is wrong with the text
     */
    public static Regularization parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("ridge:")) {
            try {
                return ridge(Double.parseDouble(t.substring("ridge:".length())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("ridge lambda must be a number, got '" + text + "'");
            }
        }
        return switch (t) {
            case "none" -> none();
            case "ledoit-wolf" -> ledoitWolf();
            case "oas" -> oas();
            default ->
                throw new IllegalArgumentException(
                        "regularization must be none, ridge:<lambda>, ledoit-wolf or oas, got '" + text + "'");
        };
    }

    /** @return the method */
    public Method method() {
        return method;
    }

    /**
     * @return whether {@link #apply} needs {@code sum_k |x_k - mean|^4} over the rows (Ledoit-Wolf
     *         does: a second pass over the data once the mean is known)
     */
    public boolean needsFourthMoments() {
        return method == Method.LEDOIT_WOLF;
    }

    /**
     * The Ledoit-Wolf input that the covariance does not carry, over some rows.
     *
     * @param rows   rows of d values; not modified
     * @param center the rows' mean (minus whatever was subtracted from the rows)
     * @return {@code sum_k |x_k - center|^4}
     */
    public static double sumOfFourthPowers(Iterator<double[]> rows, double[] center) {
        double sum = 0;
        while (rows.hasNext()) {
            double[] x = rows.next();
            double squaredNorm = 0;
            for (int j = 0; j < center.length; j++) {
                double v = x[j] - center[j];
                squaredNorm += v * v;
            }
            sum += squaredNorm * squaredNorm;
        }
        return sum;
    }

    /**
     * @param covariance        sample covariance (denominator n - 1), row-major d x d; not modified
     * @param d                 number of columns
     * @param n                 number of rows, at least 2
     * @param sumOfFourthPowers {@code sum_k |x_k - mean|^4}, read only when {@link #needsFourthMoments()}
     * @return the regularized covariance and the intensity
     */
    public Result apply(double[] covariance, int d, long n, double sumOfFourthPowers) {
        if (covariance.length != d * d) {
            throw new IllegalArgumentException(
                    "expected a " + d + " x " + d + " matrix, actual " + covariance.length + " entries");
        }
        double[] out = covariance.clone();
        switch (method) {
            case NONE -> {
                return new Result(out, 0, 1, 0);
            }
            case RIDGE -> {
                double add = lambda * trace(covariance, d) / d;
                for (int j = 0; j < d; j++) {
                    out[j * d + j] += add;
                }
                return new Result(out, lambda, 1, add);
            }
            default -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] *= (n - 1.0) / n;
                }
                double shrinkage = d == 1
                        ? 0
                        : method == Method.OAS
                                ? oasShrinkage(out, d, n)
                                : ledoitWolfShrinkage(out, d, n, sumOfFourthPowers);
                double mu = trace(out, d) / d;
                for (int i = 0; i < out.length; i++) {
                    out[i] *= 1 - shrinkage;
                }
                for (int j = 0; j < d; j++) {
                    out[j * d + j] += shrinkage * mu;
                }
                return new Result(out, shrinkage, (1 - shrinkage) * (n - 1.0) / n, shrinkage * mu);
            }
        }
    }

    /** scikit-learn's {@code ledoit_wolf_shrinkage}, on the maximum-likelihood covariance S. */
    private static double ledoitWolfShrinkage(double[] s, int d, long n, double sumOfFourthPowers) {
        double mu = trace(s, d) / d;
        double frobenius2 = sumOfSquares(s);
        double beta = (sumOfFourthPowers / n - frobenius2) / ((double) d * n);
        double delta = (frobenius2 - 2 * mu * trace(s, d) + d * mu * mu) / d;
        beta = Math.min(beta, delta);
        return beta == 0 ? 0 : beta / delta;
    }

    /** scikit-learn's OAS shrinkage (the version of scikit-learn 1.3 and later). */
    private static double oasShrinkage(double[] s, int d, long n) {
        double alpha = sumOfSquares(s) / ((double) d * d);
        double mu = trace(s, d) / d;
        double numerator = alpha + mu * mu;
        double denominator = (n + 1) * (alpha - mu * mu / d);
        return denominator == 0 ? 1 : Math.min(numerator / denominator, 1);
    }

    private static double trace(double[] a, int d) {
        double t = 0;
        for (int j = 0; j < d; j++) {
            t += a[j * d + j];
        }
        return t;
    }

    private static double sumOfSquares(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v * v;
        }
        return s;
    }

    @Override
    public String toString() {
        return method == Method.RIDGE ? "ridge:" + lambda : method.text;
    }
}

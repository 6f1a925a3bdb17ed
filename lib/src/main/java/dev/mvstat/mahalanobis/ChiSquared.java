package dev.mvstat.mahalanobis;

/**
 * The chi-square distribution with {@code k} degrees of freedom: upper tail and quantile.
 *
 * <p>The upper tail is the regularized incomplete gamma function {@code Q(k/2, x/2)}, by its
 * power series below {@code a + 1} and by its continued fraction (modified Lentz) above, as in
 * Press et al., Numerical Recipes, 3rd ed., section 6.2. Since {@code a = k/2} is an integer or a
 * half-integer, {@code ln Gamma(a)} is a finite sum of logarithms from {@code Gamma(1) = 1} or
 * {@code Gamma(1/2) = sqrt(pi)}, with no approximation.
 */
public final class ChiSquared {

    private static final double EPSILON = 1e-17;
    private static final double TINY = 1e-300;
    private static final int MAX_ITERATIONS = 100_000;

    /** Degrees of freedom. */
    private final int k;
    /** Shape of the gamma distribution: k / 2. */
    private final double a;
    /** ln Gamma(a). */
    private final double logGammaA;

    /** @param k degrees of freedom, at least 1 */
    public ChiSquared(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("degrees of freedom must be at least 1, got " + k);
        }
        this.k = k;
        this.a = k / 2.0;
        this.logGammaA = logGammaOfHalfInteger(k);
    }

    /** @return ln Gamma(k / 2) by the recurrence Gamma(a + 1) = a Gamma(a) */
    private static double logGammaOfHalfInteger(int k) {
        double sum = k % 2 == 0 ? 0 : 0.5 * Math.log(Math.PI);
        for (double x = k % 2 == 0 ? 1 : 0.5; x < k / 2.0; x += 1) {
            sum += Math.log(x);
        }
        return sum;
    }

    /** @return the degrees of freedom */
    public int degreesOfFreedom() {
        return k;
    }

    /**
     * @param x a value, at least 0
     * @return {@code P(X > x)}
     */
    public double upperTail(double x) {
        if (!(x >= 0)) {
            throw new IllegalArgumentException("chi-square argument must be a number >= 0, got " + x);
        }
        double half = x / 2;
        if (half == 0) {
            return 1;
        }
        if (half == Double.POSITIVE_INFINITY) {
            return 0;
        }
        double prefactor = Math.exp(-half + a * Math.log(half) - logGammaA);
        return half < a + 1 ? 1 - prefactor * lowerSeries(half) : prefactor * upperFraction(half);
    }

    /** @return {@code sum_n x^n / (a (a + 1) ... (a + n))}, so that {@code P = prefactor * sum} */
    private double lowerSeries(double x) {
        double term = 1 / a;
        double sum = term;
        for (int n = 1; n < MAX_ITERATIONS; n++) {
            term *= x / (a + n);
            sum += term;
            if (Math.abs(term) < Math.abs(sum) * EPSILON) {
                return sum;
            }
        }
        throw new ArithmeticException("chi-square series did not converge at x = " + 2 * x + ", k = " + k);
    }

    /** @return the continued fraction of Q, so that {@code Q = prefactor * fraction} (modified Lentz) */
    private double upperFraction(double x) {
        double b = x + 1 - a;
        double c = 1 / TINY;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < MAX_ITERATIONS; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.abs(d) < TINY) {
                d = TINY;
            }
            c = b + an / c;
            if (Math.abs(c) < TINY) {
                c = TINY;
            }
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < EPSILON) {
                return h;
            }
        }
        throw new ArithmeticException("chi-square continued fraction did not converge at x = " + 2 * x + ", k = " + k);
    }

    /**
     * The value below which a fraction {@code p} of the distribution lies, found by bisection to
     * the last bit of the upper tail's monotone decrease.
     *
     * @param p a probability in (0, 1)
     * @return x with {@code P(X <= x) = p}
     */
    public double quantile(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("probability must be in (0, 1), got " + p);
        }
        double tail = 1 - p;
        double low = 0;
        double high = Math.max(1, k);
        while (upperTail(high) > tail) {
            low = high;
            high *= 2;
        }
        for (int i = 0; i < 200; i++) {
            double mid = 0.5 * (low + high);
            if (mid <= low || mid >= high) {
                break;
            }
            if (upperTail(mid) > tail) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return 0.5 * (low + high);
    }
}

package dev.mvstat.mahalanobis;

/**
 * The chi-square distribution with {@code k} degrees of freedom: upper tail and quantile.
 *
 * <p>The upper tail is the regularized incomplete gamma function {@code Q(a, h)}, {@code a = k/2},
 * {@code h = x/2}. Below {@code h = a + 1} it is one minus the power series of {@code P(a, h)}
 * (Press et al., Numerical Recipes, 3rd ed., section 6.2), whose reciprocals {@code 1/(a + n)} are
 * tabulated once. Above, it is the finite sum of the recurrence
 * {@code Q(s + 1, h) = Q(s, h) + e^-h h^s / Gamma(s + 1)} (Abramowitz and Stegun 6.5.21): Poisson
 * probabilities summed downward from {@code s = a - 1}, each term {@code s / h} times the one
 * before, down from {@code Q(0, h) = 0} for integer {@code a} or from
 * {@code Q(1/2, h) = erfc(sqrt(h))} by its continued fraction (modified Lentz, ibid.) for
 * half-integer {@code a}; every term is positive, so nothing cancels. Since {@code a} is an integer
 * or a half-integer, {@code ln Gamma(a)} is a finite sum of logarithms from {@code Gamma(1) = 1} or
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
    /** {@code 1 / (a + n)}, for the series' first terms. */
    private final double[] reciprocals;

    /** @param k degrees of freedom, at least 1 */
    public ChiSquared(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("degrees of freedom must be at least 1, got " + k);
        }
        this.k = k;
        this.a = k / 2.0;
        this.logGammaA = logGammaOfHalfInteger(k);
        // the series below a + 1 falls off like exp(-n^2 / 2a): 10 sqrt(a) terms reach 1e-17
        this.reciprocals = new double[(int) (10 * Math.sqrt(a)) + 32];
        for (int n = 0; n < reciprocals.length; n++) {
            reciprocals[n] = 1 / (a + n);
        }
    }

    /**
     * @return ln Gamma(k / 2) by the recurrence Gamma(a + 1) = a Gamma(a), its logarithms summed
     *         with Kahan's compensation (thousands of them for wide rows)
     */
    private static double logGammaOfHalfInteger(int k) {
        double sum = k % 2 == 0 ? 0 : 0.5 * Math.log(Math.PI);
        double lost = 0;
        for (double x = k % 2 == 0 ? 1 : 0.5; x < k / 2.0; x += 1) {
            double term = Math.log(x) - lost;
            double next = sum + term;
            lost = (next - sum) - term;
            sum = next;
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
        return half < a + 1 ? 1 - prefactor * lowerSeries(half) : poissonSum(half, prefactor / half);
    }

    /** @return {@code sum_n x^n / (a (a + 1) ... (a + n))}, so that {@code P = prefactor * sum} */
    private double lowerSeries(double x) {
        double term = reciprocals[0];
        double sum = term;
        for (int n = 1; n < MAX_ITERATIONS; n++) {
            term *= n < reciprocals.length ? x * reciprocals[n] : x / (a + n);
            sum += term;
            if (Math.abs(term) < Math.abs(sum) * EPSILON) {
                return sum;
            }
        }
        throw new ArithmeticException("chi-square series did not converge at x = " + 2 * x + ", k = " + k);
    }

    /**
     * @param h   at least {@code a + 1}, so that every term is smaller than the one above it
     * @param top the Poisson probability {@code e^-h h^(a-1) / Gamma(a)}
     * @return {@code Q(a, h)}
     */
    private double poissonSum(double h, double top) {
        double shape = a - Math.floor(a);
        double sum =
                shape == 0 ? 0 : Math.exp(-h + shape * Math.log(h) - 0.5 * Math.log(Math.PI)) * upperFraction(h, shape);
        double term = top;
        double inverse = 1 / h;
        for (double s = a - 1; s >= shape && term > sum * EPSILON; s -= 1) {
            sum += term;
            term *= s * inverse;
        }
        return sum;
    }

    /**
     * @return the continued fraction of {@code Q(shape, x)}, so that {@code Q = prefactor * fraction}
     *         (modified Lentz)
     */
    private double upperFraction(double x, double shape) {
        double b = x + 1 - shape;
        double c = 1 / TINY;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < MAX_ITERATIONS; i++) {
            double an = -i * (i - shape);
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

package dev.mvstat.jobs.input;

import java.io.Serializable;

/**
 * A plain decimal number read from text, {@code unscaled * 10^-scale}, so that the difference of
 * two input cells is taken exactly, before anything is rounded to binary. "10000000.2" minus
 * "10000000.1" is then 0.1 to the last bit, where the difference of the two nearest doubles is off
 * by 1e-9 relative: the representation error of numbers sitting on a large offset, which no
 * floating-point algorithm can undo afterwards.
 *
 * @param unscaled the digits as an integer
 * @param scale    the number of digits after the decimal point (negative for a positive exponent)
 */
public record Decimal(long unscaled, int scale) implements Serializable {

    private static final int MAX_DIGITS = 18;
    private static final int MAX_SCALE = 22;

    /** @return the decimal, or null when the text is not a plain decimal of at most 18 digits */
    public static Decimal parse(String text) {
        String s = text.trim();
        int exponentAt = Math.max(s.indexOf('e'), s.indexOf('E'));
        int exponent = 0;
        if (exponentAt >= 0) {
            try {
                exponent = Integer.parseInt(s.substring(exponentAt + 1));
            } catch (NumberFormatException e) {
                return null;
            }
            s = s.substring(0, exponentAt);
        }
        int i = s.startsWith("-") || s.startsWith("+") ? 1 : 0;
        long unscaled = 0;
        int digits = 0;
        boolean sawDigit = false;
        int fraction = -1;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.' && fraction < 0) {
                fraction = 0;
            } else if (c >= '0' && c <= '9') {
                sawDigit = true;
                if (unscaled > 0 || c != '0') {
                    digits++;
                }
                if (digits > MAX_DIGITS) {
                    return null;
                }
                unscaled = unscaled * 10 + (c - '0');
                if (fraction >= 0) {
                    fraction++;
                }
            } else {
                return null;
            }
        }
        if (!sawDigit) {
            return null;
        }
        int scale = Math.max(fraction, 0) - exponent;
        if (Math.abs(scale) > MAX_SCALE) {
            return null;
        }
        return new Decimal(s.startsWith("-") ? -unscaled : unscaled, scale);
    }

    /**
     * @return {@code this - other} as a double: the exact difference rounded once when it has at
     *         most 15 significant digits, as nearby cells do (twice above 2^53), or NaN when the
     *         exact difference overflows a long
     */
    public double minus(Decimal other) {
        int common = Math.max(scale, other.scale);
        try {
            long difference = Math.subtractExact(rescale(common), other.rescale(common));
            return common >= 0 ? difference / POWERS[common] : difference * POWERS[-common];
        } catch (ArithmeticException e) {
            return Double.NaN;
        }
    }

    private long rescale(int target) {
        long v = unscaled;
        for (int s = scale; s < target; s++) {
            v = Math.multiplyExact(v, 10);
        }
        return v;
    }

    private static final double[] POWERS = new double[MAX_SCALE + 1];

    static {
        POWERS[0] = 1;
        for (int k = 1; k <= MAX_SCALE; k++) {
            POWERS[k] = POWERS[k - 1] * 10;
        }
    }
}

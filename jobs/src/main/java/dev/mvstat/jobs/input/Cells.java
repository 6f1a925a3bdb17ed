package dev.mvstat.jobs.input;

import java.util.regex.Pattern;

/**
 * Strict conversion of one input cell to a finite double: a number, or text that is a plain
 * decimal such as {@code -1.5}, {@code .5} or {@code 2.5e-3} (not Java literals like {@code 1f}
 * or {@code 0x1p3}, which {@link Double#parseDouble} would accept).
 */
public final class Cells {

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern NON_FINITE = Pattern.compile("[+-]?(NaN|Infinity|inf)", Pattern.CASE_INSENSITIVE);

    private Cells() {}

    /**
     * @param cell a value from a Row: a number, a string, or null
     * @return why the cell is not a finite number, or null when it is one
     */
    static String problem(Object cell) {
        if (cell == null) {
            return "empty or null cell";
        }
        if (cell instanceof Number number) {
            return Double.isFinite(number.doubleValue()) ? null : "non-finite value " + number;
        }
        String text = cell.toString().trim();
        if (text.isEmpty()) {
            return "empty cell";
        }
        if (Decimal.parse(text) != null) {
            return null; // the common case, without a regular expression
        }
        if (NON_FINITE.matcher(text).matches()) {
            return "non-finite value '" + text + "'";
        }
        if (!DECIMAL.matcher(text).matches()) {
            return "'" + text + "' is not a number";
        }
        return Double.isFinite(Double.parseDouble(text)) ? null : "'" + text + "' overflows a double";
    }

    /** @return whether the cell is NaN or an infinity, as a number or as text */
    static boolean isNonFinite(Object cell) {
        return cell instanceof Number number
                ? !Double.isFinite(number.doubleValue())
                : cell != null && NON_FINITE.matcher(cell.toString().trim()).matches();
    }

    /** @return the value of a cell for which {@link #problem} returned null */
    static double value(Object cell) {
        return cell instanceof Number number
                ? number.doubleValue()
                : Double.parseDouble(cell.toString().trim());
    }
}

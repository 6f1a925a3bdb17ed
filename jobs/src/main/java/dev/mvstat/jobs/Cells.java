package dev.mvstat.jobs;

/** Strict conversion of one input cell to a finite double. */
final class Cells {

    private Cells() {
    }

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
        try {
            double v = Double.parseDouble(text);
            return Double.isFinite(v) ? null : "non-finite value '" + text + "'";
        } catch (NumberFormatException e) {
            return "'" + text + "' is not a number";
        }
    }

    /** @return the value of a cell for which {@link #problem} returned null */
    static double value(Object cell) {
        return cell instanceof Number number ? number.doubleValue() : Double.parseDouble(cell.toString().trim());
    }
}

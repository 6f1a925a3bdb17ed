package dev.mvstat.linkage;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * An immutable block of prepared points ({@link Metric#prepare}) stored by column, each with its
 * global id: the unit of work of the blocked spanning tree (SHAS, Jin et al. 2015), and the layout
 * {@link Metric#distancesTo} sweeps.
 */
public final class PointBlock implements Serializable {

    private static final long serialVersionUID = 1L;

    /** ids[r]: the global id of point r, distinct and non-negative. */
    private final int[] ids;
    /** columns[k][r]: coordinate k of point r. */
    private final double[][] columns;

    private PointBlock(int[] ids, double[][] columns) {
        this.ids = ids;
        this.columns = columns;
    }

    /**
     * @param ids  the global id of each row, distinct and non-negative; not modified
     * @param rows prepared rows of one length; not modified
     * @return a block holding copies of both
     * @throws IllegalArgumentException if the counts or the row lengths differ, or an id is negative or repeated
     */
    public static PointBlock of(int[] ids, List<double[]> rows) {
        return of(ids, rows.toArray(new double[0][]));
    }

    /**
     * @param ids  the global id of each row, distinct and non-negative; not modified
     * @param rows prepared rows of one length; not modified
     * @return a block holding copies of both
     * @throws IllegalArgumentException if the counts or the row lengths differ, or an id is negative or repeated
     */
    public static PointBlock of(int[] ids, double[][] rows) {
        if (ids.length != rows.length) {
            throw new IllegalArgumentException(ids.length + " ids for " + rows.length + " rows");
        }
        int[] sorted = ids.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            if (sorted[i] < 0 || i > 0 && sorted[i] == sorted[i - 1]) {
                throw new IllegalArgumentException(
                        "ids must be distinct and non-negative, found " + sorted[i] + (sorted[i] < 0 ? "" : " twice"));
            }
        }
        int d = rows.length == 0 ? 0 : rows[0].length;
        double[][] columns = new double[d][rows.length];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != d) {
                throw new IllegalArgumentException(
                        "row " + r + " has " + rows[r].length + " coordinates, row 0 has " + d);
            }
            for (int k = 0; k < d; k++) {
                columns[k][r] = rows[r][k];
            }
        }
        return new PointBlock(ids.clone(), columns);
    }

    /** @return the number of points */
    public int size() {
        return ids.length;
    }

    /** @return the number of coordinates of each point, 0 for an empty block */
    public int dimension() {
        return columns.length;
    }

    /** @return the global id of point r */
    public int id(int r) {
        return ids[r];
    }

    /** @return the columns themselves, {@code columns[k][r]} coordinate k of point r; callers must not modify them */
    double[][] columns() {
        return columns;
    }
}

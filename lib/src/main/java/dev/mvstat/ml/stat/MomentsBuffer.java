package dev.mvstat.ml.stat;

import dev.mvstat.moments.CoMoments;

import java.io.Serial;
import java.io.Serializable;

/**
 * The aggregation buffer of {@link MvstatFunctions#COVARIANCE} for one group: the group's
 * {@link CoMoments}, created by its first row, since the number of values per row is known only
 * then. Spark writes the buffer between the partial and the final aggregation with Java
 * serialization, which folds the accumulator's pending rows in first. Public only because Spark's
 * encoders need a public class; nothing of it is public API.
 */
public final class MomentsBuffer implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The group's co-moments, or null before its first row. */
    private CoMoments moments;

    /**
     * Adds one row of the group.
     *
     * @param row    finite values; not modified
     * @param column the input's name, for the message
     * @return this
     * @throws IllegalArgumentException if the row's length differs from the group's first row's
     */
    MomentsBuffer add(double[] row, String column) {
        if (moments == null) {
            moments = new CoMoments(row.length);
        } else if (row.length != moments.dimension()) {
            throw new IllegalArgumentException("column '" + column + "' holds a value of length " + row.length
                    + " in a group whose first value has length " + moments.dimension() + ": "
                    + MvstatFunctions.COVARIANCE + " needs one length per group");
        }
        moments.add(row);
        return this;
    }

    /**
     * Merges another part of the same group into this one (Chan-Golub-LeVeque, see {@link CoMoments#merge}).
     *
     * @param other  another part of the group; its pending rows are folded in, otherwise not modified
     * @param column the input's name, for the message
     * @return this
     * @throws IllegalArgumentException if the two parts hold values of different lengths
     */
    MomentsBuffer merge(MomentsBuffer other, String column) {
        if (other.moments == null) {
            return this;
        }
        if (moments == null) {
            moments = new CoMoments(other.moments.dimension());
        } else if (other.moments.dimension() != moments.dimension()) {
            throw new IllegalArgumentException("column '" + column + "' holds values of length "
                    + moments.dimension() + " and of length " + other.moments.dimension() + " in one group: "
                    + MvstatFunctions.COVARIANCE + " needs one length per group");
        }
        moments.merge(other.moments);
        return this;
    }

    /** @return the group's co-moments, or null when the group had no non-null row */
    CoMoments moments() {
        return moments;
    }
}

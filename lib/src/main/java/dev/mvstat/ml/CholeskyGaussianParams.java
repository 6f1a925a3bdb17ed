package dev.mvstat.ml;

import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The params {@link CholeskyGaussian} and {@link CholeskyGaussianModel} share beyond the
 * optimizer's ({@link OptimizerParams}): the group column.
 *
 * @param <S> the stage itself, returned by the setters
 */
public interface CholeskyGaussianParams<S extends CholeskyGaussianParams<S>> extends OptimizerParams<S> {

    @Override
    Fields fields();

    /** @return the group column param: one Gaussian per value of that column; unset or "" for one Gaussian */
    default Param<String> groupCol() {
        return fields().groupCol;
    }

    /** @return the group column, or "" when one Gaussian fits all rows */
    default String getGroupCol() {
        return isDefined(groupCol()) ? getOrDefault(groupCol()) : "";
    }

    /** @param value a column of any type whose values (as text, null as "null") name the groups; "" for one Gaussian; @return this */
    default S setGroupCol(String value) {
        return CheckedParams.set(this, groupCol(), value);
    }

    /** @return whether one Gaussian is fitted per value of the group column */
    default boolean isGrouped() {
        return !getGroupCol().isEmpty();
    }

    /** The param objects of one stage, created with their defaults. */
    final class Fields extends OptimizerParams.Fields {
        final Param<String> groupCol;

        Fields(Params owner) {
            super(owner);
            groupCol = new Param<>(
                    owner,
                    "groupCol",
                    "one Gaussian per value of this column (as text, null as "
                            + "\"null\"); unset or empty: one Gaussian for all rows");
        }
    }
}

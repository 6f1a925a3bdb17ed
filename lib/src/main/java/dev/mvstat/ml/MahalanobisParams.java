package dev.mvstat.ml;

import dev.mvstat.mahalanobis.Regularization;
import dev.mvstat.spark.DistributedMahalanobis;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

import java.io.Serializable;

/**
 * The params {@link MahalanobisOutlierDetector} and {@link MahalanobisOutlierModel} share, with
 * their getters and setters.
 *
 * @param <S> the stage itself, returned by the setters
 */
public interface MahalanobisParams<S extends MahalanobisParams<S>> extends InputParams<S> {

    @Override
    Fields fields();

    /** @return the regularization param: none, ridge:&lt;lambda&gt;, ledoit-wolf or oas (default none) */
    default Param<String> regularization() {
        return fields().regularization;
    }

    /** @return the outlier level param: rows with {@code p_value < 1 - alpha} are outliers (default 0.975) */
    default DoubleParam alpha() {
        return fields().alpha;
    }

    /** @return the squared-distance column param (default mahalanobis_sq) */
    default Param<String> distanceCol() {
        return fields().distanceCol;
    }

    /** @return the p-value column param (default p_value) */
    default Param<String> pValueCol() {
        return fields().pValueCol;
    }

    /** @return the outlier-flag column param (default is_outlier) */
    default Param<String> outlierCol() {
        return fields().outlierCol;
    }

    default String getRegularization() {
        return getOrDefault(regularization());
    }

    default double getAlpha() {
        return (Double) getOrDefault(alpha());
    }

    default String getDistanceCol() {
        return getOrDefault(distanceCol());
    }

    default String getPValueCol() {
        return getOrDefault(pValueCol());
    }

    default String getOutlierCol() {
        return getOrDefault(outlierCol());
    }

    default S setRegularization(String value) {
        return self(set(regularization(), value));
    }

    default S setAlpha(double value) {
        return self(set(alpha(), value));
    }

    default S setDistanceCol(String value) {
        return self(set(distanceCol(), value));
    }

    default S setPValueCol(String value) {
        return self(set(pValueCol(), value));
    }

    default S setOutlierCol(String value) {
        return self(set(outlierCol(), value));
    }

    /** @return the columns the scores go to */
    default DistributedMahalanobis.ScoreColumns scoreColumns() {
        return new DistributedMahalanobis.ScoreColumns(getDistanceCol(), getPValueCol(), getOutlierCol());
    }

    @SuppressWarnings("unchecked")
    private S self(Params stage) {
        return (S) stage;
    }

    /** The param objects of one stage, created with their defaults. */
    final class Fields extends InputParams.Fields {
        final Param<String> regularization;
        final DoubleParam alpha;
        final Param<String> distanceCol;
        final Param<String> pValueCol;
        final Param<String> outlierCol;

        Fields(Params owner) {
            super(owner);
            regularization = regularizationParam(owner);
            alpha = new DoubleParam(
                    owner,
                    "alpha",
                    "rows with p_value < 1 - alpha are outliers",
                    ParamValidators.inRange(0, 1, false, false));
            distanceCol = new Param<>(owner, "distanceCol", "output column: the squared Mahalanobis distance");
            pValueCol = new Param<>(owner, "pValueCol", "output column: the chi-square upper tail of the distance");
            outlierCol = new Param<>(owner, "outlierCol", "output column: whether the row is an outlier");
            owner.setDefault(alpha, 0.975);
            owner.setDefault(distanceCol, DistributedMahalanobis.DISTANCE);
            owner.setDefault(pValueCol, DistributedMahalanobis.P_VALUE);
            owner.setDefault(outlierCol, DistributedMahalanobis.OUTLIER);
        }

        /**
         * @param owner the stage
         * @return its regularization param (none, ridge:&lt;lambda&gt;, ledoit-wolf or oas, as
         *         {@link Regularization#parse} reads them), default none
         */
        static Param<String> regularizationParam(Params owner) {
            Param<String> param = new Param<>(
                    owner,
                    "regularization",
                    "what is done to the covariance before it is factored: none, ridge:<lambda>, ledoit-wolf or oas",
                    (scala.Function1<String, Object> & Serializable) Fields::isRegularization);
            owner.setDefault(param, "none");
            return param;
        }

        private static boolean isRegularization(String text) {
            try {
                Regularization.parse(text);
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
    }
}

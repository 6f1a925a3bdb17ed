package dev.mvstat.ml;

import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsWritable;

/**
 * What every mvstat estimator shares: its uid, copying, and saving its params.
 *
 * @param <E> the estimator itself
 * @param <M> the model it fits
 */
public abstract class FeaturesEstimator<E extends FeaturesEstimator<E, M>, M extends Model<M>> extends Estimator<M>
        implements DefaultParamsWritable {

    private final String uid;

    /** @param uid the estimator's unique id */
    protected FeaturesEstimator(String uid) {
        this.uid = uid;
    }

    @Override
    public String uid() {
        return uid;
    }

    @Override
    public E copy(ParamMap extra) {
        return defaultCopy(extra);
    }
}

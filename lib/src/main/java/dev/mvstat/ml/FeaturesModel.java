package dev.mvstat.ml;

import dev.mvstat.ml.persist.ModelData;
import dev.mvstat.ml.persist.ModelWriter;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;

/**
 * What every mvstat model shares: its uid and saving: params as Spark ML metadata, the fitted state
 * as versioned {@link ModelData}.
 *
 * @param <M> the model itself
 */
public abstract class FeaturesModel<M extends FeaturesModel<M>> extends Model<M> implements MLWritable {

    private final String uid;

    /** @param uid the model's unique id (its estimator's) */
    protected FeaturesModel(String uid) {
        this.uid = uid;
    }

    @Override
    public String uid() {
        return uid;
    }

    /**
     * @param estimator the estimator that fits this kind of model
     * @return the error for a model made by the no-argument constructor, which has nothing fitted
     */
    protected IllegalStateException nothingFitted(String estimator) {
        return new IllegalStateException(
                "model " + uid() + " has nothing fitted: fit a " + estimator + " or load a saved model");
    }

    /** @return the fitted state to save, with its format and version */
    protected abstract ModelData state();

    @Override
    public MLWriter write() {
        return new ModelWriter(this, state());
    }
}

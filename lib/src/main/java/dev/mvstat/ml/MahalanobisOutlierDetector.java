package dev.mvstat.ml;

import dev.mvstat.mahalanobis.MahalanobisModel;
import dev.mvstat.mahalanobis.Regularization;
import dev.mvstat.moments.CoMoments;
import dev.mvstat.moments.CovarianceModel;
import dev.mvstat.spark.DistributedCovariance;
import dev.mvstat.spark.DistributedMahalanobis;
import dev.mvstat.spark.InputColumns;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

/**
 * Fits a {@link MahalanobisOutlierModel}: the mean and sample covariance in one distributed pass
 * of mergeable co-moments (a second pass for Ledoit-Wolf's fourth moments), the regularization
 * asked for, and the Cholesky factor of the result, computed once on the driver. With
 * regularization "none", a covariance that is not positive definite fails the fit with its
 * numerical rank, constant columns and a collinear set.
 */
public final class MahalanobisOutlierDetector
        extends FeaturesEstimator<MahalanobisOutlierDetector, MahalanobisOutlierModel>
        implements MahalanobisParams<MahalanobisOutlierDetector> {

    private final MahalanobisParams.Fields fields;

    public MahalanobisOutlierDetector() {
        this(Identifiable.randomUID("mahalanobisOutlierDetector"));
    }

    public MahalanobisOutlierDetector(String uid) {
        super(uid);
        fields = new MahalanobisParams.Fields(this);
    }

    @Override
    public MahalanobisParams.Fields fields() {
        return fields;
    }

    /**
     * @throws IllegalArgumentException                                   if the input columns are missing or of
     *                                                                    another type, or fewer than 2 rows are valid
     * @throws dev.mvstat.mahalanobis.SingularCovarianceException        if the covariance is not positive definite
     *                                                                    after the regularization
     */
    @Override
    public MahalanobisOutlierModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema(), true);
        InputColumns input = inputColumns();
        LongAccumulator skipped = dataset.sparkSession().sparkContext().longAccumulator("skipped rows");
        Regularization regularization = Regularization.parse(getRegularization());
        CoMoments moments = DistributedCovariance.coMoments(dataset, input, skipped);
        int d = moments.dimension();
        CovarianceModel covariance = CovarianceModel.of(input.valueNames(d), moments, null);
        JavaRDD<double[]> rows = regularization.needsFourthMoments() ? input.rows(dataset, d, null) : null;
        MahalanobisModel fitted = DistributedMahalanobis.fit(covariance, rows, regularization, new double[d]);
        MahalanobisOutlierModel model = new MahalanobisOutlierModel(uid(), fitted, skipped.value());
        return copyValues(model, extractParamMap()).setParent(this);
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return MahalanobisOutlierModel.scoredSchema(inputColumns(), schema, scoreColumns());
    }

    /** @return the reader of saved detectors */
    public static MLReader<MahalanobisOutlierDetector> read() {
        return new DefaultParamsReader<>();
    }

    /** @return the detector saved at {@code path} */
    public static MahalanobisOutlierDetector load(String path) {
        return read().load(path);
    }
}

package dev.mvstat.spark;

import dev.mvstat.mixture.MixtureFit;
import dev.mvstat.mixture.MixtureFitter;
import dev.mvstat.mixture.MixtureSettings;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * Mixtures of Gaussians fitted by mini-batch optimization on Spark ({@link MixtureFitter}): the
 * rows are shuffled into blocks and cached once ({@link CachedBatches}); each step sends every
 * start's mixture to the executors, which return the batch's log-sum-exp NLL sums per partition,
 * and the driver's optimizers update.
 */
public final class DistributedMixtureFit {

    private DistributedMixtureFit() {}

    /**
     * @param rows     rows of equal length, finite values
     * @param settings the components, optimizer, starts and floor
     * @throws IllegalArgumentException if there are too few rows for the components or the settings do not fit the data
     */
    public static MixtureFit fit(JavaRDD<double[]> rows, MixtureSettings settings) {
        try (CachedBatches batches = CachedBatches.of(
                rows.mapToPair(r -> new Tuple2<>(0, r)), 1, settings.fit().seed())) {
            return MixtureFitter.fit(batches, settings);
        }
    }
}

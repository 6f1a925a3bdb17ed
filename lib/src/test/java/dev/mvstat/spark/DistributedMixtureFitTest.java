package dev.mvstat.spark;

import dev.mvstat.gaussian.FitSettings;
import dev.mvstat.gaussian.InMemoryBatches;
import dev.mvstat.gaussian.TraceStep;
import dev.mvstat.mixture.MixtureFit;
import dev.mvstat.mixture.MixtureFitter;
import dev.mvstat.mixture.MixtureSettings;
import dev.mvstat.optimize.OptimizerKind;
import dev.mvstat.testing.TestData;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Spark mixture fit takes the same steps as the in-memory fit over the same partitions. */
class DistributedMixtureFitTest {

    @Test
    void sameTraceAndMixtureAsTheInMemoryFitOverTheSamePartitions() {
        List<double[]> rows = TestData.rows("blobs3");
        MixtureSettings settings = MixtureSettings.of(
                        3,
                        FitSettings.defaults(OptimizerKind.NATURAL)
                                .withBatchSize(500)
                                .withSeed(7))
                .withStarts(2);
        MixtureFit spark = DistributedMixtureFit.fit(DistributedCovarianceTest.rdd("blobs3", 3), settings);
        MixtureFit local = MixtureFitter.fit(InMemoryBatches.of(rows, new int[rows.size()], 1, 3, 7), settings);
        assertEquals(local.trace().size(), spark.trace().size());
        for (int i = 0; i < local.trace().size(); i++) {
            TraceStep a = local.trace().get(i);
            TraceStep b = spark.trace().get(i);
            assertEquals(a.batchNll(), b.batchNll(), 0, "step " + a.step());
        }
        assertEquals(local.meanLogLikelihood(), spark.meanLogLikelihood(), 0);
        assertArrayEquals(local.mixture().parameters(), spark.mixture().parameters(), 0);
    }
}

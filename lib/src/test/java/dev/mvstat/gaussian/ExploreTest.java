package dev.mvstat.gaussian;

import dev.mvstat.testing.TestData;
import org.junit.jupiter.api.Test;
import java.util.List;

class ExploreTest {
    @Test
    void explore() {
        for (String name : List.of("iris", "wine", "blobs3", "offset")) {
            List<double[]> rows = TestData.rows(name);
            double ref = TestData.reference(name).get("gaussian_mle").get("mean_nll").asDouble();
            for (OptimizerKind k : OptimizerKind.values()) {
                for (int batch : new int[] {0, 64}) {
                    if (batch > 0 && !k.miniBatch()) continue;
                    FitSettings s = FitSettings.defaults(k);
                    if (batch > 0) s = s.withBatchSize(batch);
                    long t = System.nanoTime();
                    GaussianFit fit = GaussianFitter.fit(InMemoryBatches.of(rows, 1), s);
                    var g = fit.groups().get(0);
                    long rej = fit.trace().stream().filter(x -> !x.event().isEmpty()).count();
                    System.out.printf("%-7s %-6s b=%-3d steps %5d epochs %5d conv %s gap %.3e grad %.2e events %d  %.2fs%n", name, k, batch,
                        fit.trace().size(), fit.epochs(), fit.converged(), g.meanNll() - ref, g.stationarity(), rej, (System.nanoTime()-t)/1e9);
                }
            }
        }
    }
}

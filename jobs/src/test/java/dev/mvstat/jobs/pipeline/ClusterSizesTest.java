package dev.mvstat.jobs.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which flat clusters are too small for fit-gaussian: fewer than d + 1 rows. */
class ClusterSizesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void aClusterOfDPlusOneRowsIsEnoughAndOneOfDRowsIsNot() {
        ClusterSizes sizes = new ClusterSizes(List.of(6L, 5L, 4L, 1L, 1L), -1, 4);
        assertEquals(
                "5 clusters of 6, 5, 4, 1, 1 rows; 3 of 5 clusters (6 of 17 rows) have fewer than 5 rows,"
                        + " too few for a Gaussian of 4 columns: fit-gaussian leaves them out",
                sizes.line());
        assertEquals(
                List.of(
                        List.of("rows in a cluster", "clusters", "rows", "enough rows for a Gaussian (5)"),
                        List.of("6", "1", "6", "yes"),
                        List.of("5", "1", "5", "yes"),
                        List.of("4", "1", "4", "no: left out of fit-gaussian"),
                        List.of("1", "2", "2", "no: left out of fit-gaussian")),
                sizes.table());
    }

    @Test
    void hdbscansNoiseRowsAreCounted() {
        assertEquals("2 clusters of 50, 40 rows, 60 noise rows", new ClusterSizes(List.of(50L, 40L), 60, 4).line());
        assertEquals("1 clusters of 9 rows, 1 noise row", new ClusterSizes(List.of(9L), 1, 4).line());
    }

    @Test
    void oneClusterTooSmallIsNamedInTheSingular() {
        assertEquals(
                Optional.of("1 of 2 clusters (4 of 9 rows) has fewer than 5 rows, too few for a Gaussian of 4 columns:"
                        + " fit-gaussian leaves it out"),
                new ClusterSizes(List.of(5L, 4L), -1, 4).tooSmallNote());
    }

    @Test
    void clustersLargeEnoughForAGaussianGiveNoNote() {
        ClusterSizes sizes = new ClusterSizes(List.of(100L, 50L), -1, 4);
        assertEquals(Optional.empty(), sizes.tooSmallNote());
        assertEquals("2 clusters of 100, 50 rows", sizes.line());
    }

    @Test
    void theSizesComeFromTheClusterStageAndTheColumnsFromTheCovarianceStage() {
        StageRecord covariance = record(PipelineStage.COVARIANCE, Map.of("columns", List.of("a", "b")));
        StageRecord mahalanobis = record(PipelineStage.MAHALANOBIS, Map.of());
        assertEquals(Optional.empty(), ClusterSizes.of(List.of(covariance, mahalanobis)), "cluster not run yet");
        StageRecord cluster = record(PipelineStage.CLUSTER, Map.of("cluster_sizes", List.of(7, 2)));
        assertEquals(
                Optional.of(new ClusterSizes(List.of(7L, 2L), -1, 2)),
                ClusterSizes.of(List.of(covariance, mahalanobis, cluster)));
    }

    private static StageRecord record(PipelineStage stage, Map<String, Object> keyFigures) {
        return StageRecord.succeeded(
                stage, false, 0, Map.of(), Map.of(), "", MAPPER.valueToTree(keyFigures), List.of());
    }
}

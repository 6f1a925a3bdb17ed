package dev.mvstat.jobs.pipeline;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The flat clusters of the cluster stage as the fit-gaussian stage meets them: a cluster of fewer
 * than d + 1 rows (d columns) has no maximum-likelihood Gaussian, so fit-gaussian leaves it out.
 *
 * @param sizes   the rows of each cluster, largest first (the cluster stage's {@code cluster_sizes})
 * @param noise   the rows HDBSCAN* left as noise, or -1 for single linkage's flat cut
 * @param columns the columns d, those of the covariance stage's model
 */
record ClusterSizes(List<Long> sizes, long noise, int columns) {

    /** @return the sizes from the stages' key figures, or empty before the cluster stage succeeded */
    static Optional<ClusterSizes> of(List<StageRecord> records) {
        if (records.size() <= PipelineStage.CLUSTER.ordinal()
                || !records.get(PipelineStage.CLUSTER.ordinal()).succeeded()) {
            return Optional.empty();
        }
        List<Long> sizes = new ArrayList<>();
        keyFigures(records, PipelineStage.CLUSTER).path("cluster_sizes").forEach(s -> sizes.add(s.asLong()));
        int columns =
                keyFigures(records, PipelineStage.COVARIANCE).path("columns").size();
        long noise = keyFigures(records, PipelineStage.CLUSTER).path("noise").asLong(-1);
        return Optional.of(new ClusterSizes(sizes, noise, columns));
    }

    private static JsonNode keyFigures(List<StageRecord> records, PipelineStage stage) {
        return records.get(stage.ordinal()).keyFigures();
    }

    /** @return the fewest rows of a cluster that has a maximum-likelihood Gaussian: d + 1 */
    long fewestForGaussian() {
        return columns + 1L;
    }

    private boolean tooSmall(long size) {
        return size < fewestForGaussian();
    }

    /** @return the clusters too small for a Gaussian */
    private long clustersTooSmall() {
        return sizes.stream().filter(this::tooSmall).count();
    }

    /** @return the rows in the clusters too small for a Gaussian */
    private long rowsTooSmall() {
        return sizes.stream().filter(this::tooSmall).mapToLong(Long::longValue).sum();
    }

    /**
     * @return "3 clusters of 147, 2, 1 rows" (and ", 12 noise rows" under HDBSCAN*), then the
     *         {@link #tooSmallNote} when there is one
     */
    String line() {
        return sizes.size() + " clusters of "
                + sizes.stream().map(String::valueOf).collect(Collectors.joining(", ")) + " rows"
                + (noise < 0 ? "" : ", " + noise + " noise row" + (noise == 1 ? "" : "s"))
                + tooSmallNote().map(note -> "; " + note).orElse("");
    }

    /** @return what happens to the clusters too small for a Gaussian, or empty when there are none */
    Optional<String> tooSmallNote() {
        long clusters = clustersTooSmall();
        if (clusters == 0) {
            return Optional.empty();
        }
        long rows = sizes.stream().mapToLong(Long::longValue).sum();
        boolean one = clusters == 1;
        return Optional.of(clusters + " of " + sizes.size() + " clusters (" + rowsTooSmall() + " of " + rows
                + " rows) " + (one ? "has" : "have") + " fewer than " + fewestForGaussian()
                + " rows, too few for a Gaussian of " + columns + " columns: fit-gaussian leaves "
                + (one ? "it" : "them") + " out");
    }

    /** @return a table: each size, largest first, how many clusters have it, their rows, and whether that is enough for a Gaussian */
    List<List<String>> table() {
        Map<Long, Long> clustersBySize = new LinkedHashMap<>();
        sizes.forEach(size -> clustersBySize.merge(size, 1L, Long::sum));
        List<List<String>> table = new ArrayList<>();
        table.add(List.of(
                "rows in a cluster", "clusters", "rows", "enough rows for a Gaussian (" + fewestForGaussian() + ")"));
        clustersBySize.forEach((size, clusters) -> table.add(List.of(
                String.valueOf(size),
                String.valueOf(clusters),
                String.valueOf(size * clusters),
                tooSmall(size) ? "no: left out of fit-gaussian" : "yes")));
        return table;
    }
}

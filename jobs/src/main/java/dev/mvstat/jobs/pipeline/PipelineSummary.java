package dev.mvstat.jobs.pipeline;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.mvstat.jobs.cli.ExitCode;
import dev.mvstat.jobs.output.Json;
import dev.mvstat.jobs.output.Versions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pipeline's summary.json: parameters, input and its fingerprint, status, every stage's
 * record (or {@code not_run}), timings, the stages' warnings and the clusters too small for a Gaussian.
 */
public final class PipelineSummary {

    private final Map<String, String> parameters;
    private final String input;
    private final String inputFingerprint;
    private final String sparkVersion;
    private final List<StageRecord> records = new ArrayList<>();

    PipelineSummary(Map<String, String> parameters, String input, String inputFingerprint, String sparkVersion) {
        this.parameters = parameters;
        this.input = input;
        this.inputFingerprint = inputFingerprint;
        this.sparkVersion = sparkVersion;
    }

    /** Records the next stage. */
    void add(StageRecord record) {
        records.add(record);
    }

    /** @return the records of the stages so far, in order */
    List<StageRecord> records() {
        return List.copyOf(records);
    }

    String input() {
        return input;
    }

    /**
     * @return every stage's warnings, each text once, prefixed by the stages that gave it; then the
     *         pipeline's own: the clusters too small for fit-gaussian
     */
    List<String> warnings() {
        Map<String, List<String>> stagesByWarning = new LinkedHashMap<>();
        for (StageRecord r : records) {
            r.warnings()
                    .forEach(w -> stagesByWarning
                            .computeIfAbsent(w, x -> new ArrayList<>())
                            .add(r.stage().directory()));
        }
        List<String> out = new ArrayList<>();
        stagesByWarning.forEach((warning, stages) -> out.add(String.join(", ", stages) + ": " + warning));
        clusterSizes().flatMap(ClusterSizes::tooSmallNote).ifPresent(note -> out.add("pipeline: " + note));
        return out;
    }

    /** @return the cluster stage's flat clusters, or empty before it succeeded */
    Optional<ClusterSizes> clusterSizes() {
        return ClusterSizes.of(records);
    }

    /** @return summary.json as it stands: running until a stage fails or every stage succeeded */
    String json() {
        StageRecord last = records.isEmpty() ? null : records.get(records.size() - 1);
        boolean failed = last != null && !last.succeeded();
        boolean done = records.size() == PipelineStage.values().length && !failed;
        ExitCode exit = failed ? last.exitCode() : done ? ExitCode.SUCCESS : null;
        List<StageRecord.Entry> stages = new ArrayList<>();
        Map<String, Double> timings = new LinkedHashMap<>();
        for (PipelineStage stage : PipelineStage.values()) {
            boolean reached = stage.ordinal() < records.size();
            stages.add(reached ? records.get(stage.ordinal()).json() : StageRecord.notRunJson(stage));
            if (reached) {
                timings.put(stage.directory(), records.get(stage.ordinal()).seconds());
            }
        }
        return Json.write(new SummaryFile(
                "pipeline",
                parameters,
                input,
                inputFingerprint,
                failed ? "failed" : done ? "succeeded" : "running",
                exit == null ? null : exit.code(),
                stages,
                timings,
                warnings(),
                Versions.library(),
                sparkVersion));
    }

    /** The pipeline's summary.json; {@code exitCode} is null while it runs. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record SummaryFile(
            String job,
            Map<String, String> parameters,
            String input,
            String inputFingerprint,
            String status,
            Integer exitCode,
            List<StageRecord.Entry> stages,
            Map<String, Double> timingsSeconds,
            List<String> warnings,
            String libraryVersion,
            String sparkVersion) {}
}

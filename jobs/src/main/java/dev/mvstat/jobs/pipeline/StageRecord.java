package dev.mvstat.jobs.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.mvstat.jobs.cli.ExitCode;
import dev.mvstat.jobs.cli.JobException;

import java.util.List;
import java.util.Map;

/**
 * What the pipeline's summary.json says of one stage that ran, was skipped or failed; what
 * {@code --resume} compares with the next run's plan.
 *
 * @param stage             the stage
 * @param skipped           whether it was up to date and not run again
 * @param exitCode          its job's exit code (0 when skipped)
 * @param error             the failure's line, or null
 * @param seconds           time spent on it (checking only, when skipped)
 * @param parameters        its job's effective options but {@code --output}, {@code --overwrite} and {@code --config}
 * @param inputFingerprints the {@link Fingerprint} of each input it reads: {@code input} for the
 *                          pipeline's, and each upstream stage's directory by name
 * @param outputFingerprint the {@link Fingerprint} of its directory, or null when it failed
 * @param keyFigures        the key fields of its summary.json, or null when it failed
 * @param warnings          the warnings of its summary.json
 */
public record StageRecord(
        PipelineStage stage,
        boolean skipped,
        ExitCode exitCode,
        String error,
        double seconds,
        Map<String, String> parameters,
        Map<String, String> inputFingerprints,
        String outputFingerprint,
        JsonNode keyFigures,
        List<String> warnings) {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SUCCEEDED = "succeeded";

    /** A stage that ran and succeeded, or was skipped as up to date. */
    static StageRecord succeeded(
            PipelineStage stage,
            boolean skipped,
            double seconds,
            Map<String, String> parameters,
            Map<String, String> inputFingerprints,
            String outputFingerprint,
            JsonNode keyFigures,
            List<String> warnings) {
        return new StageRecord(
                stage,
                skipped,
                ExitCode.SUCCESS,
                null,
                seconds,
                parameters,
                inputFingerprints,
                outputFingerprint,
                keyFigures,
                warnings);
    }

    /** A stage that failed. */
    static StageRecord failed(
            PipelineStage stage,
            JobException failure,
            double seconds,
            Map<String, String> parameters,
            Map<String, String> inputFingerprints) {
        return new StageRecord(
                stage,
                false,
                failure.exitCode(),
                failure.getMessage(),
                seconds,
                parameters,
                inputFingerprints,
                null,
                null,
                List.of());
    }

    boolean succeeded() {
        return error == null;
    }

    /** @return the stage's entry of summary.json */
    Entry json() {
        boolean succeeded = succeeded();
        return new Entry(
                stage.directory(),
                succeeded ? SUCCEEDED : "failed",
                skipped,
                exitCode.code(),
                error,
                seconds,
                parameters,
                inputFingerprints,
                succeeded ? outputFingerprint : null,
                succeeded ? keyFigures : null);
    }

    /** @return the entry of summary.json of a stage the pipeline has not reached */
    static Entry notRunJson(PipelineStage stage) {
        return new Entry(stage.directory(), "not_run", null, null, null, null, null, null, null, null);
    }

    /**
     * A stage's entry of the pipeline's summary.json; a null field is left out: all but stage and
     * status for a stage not reached, the error of a stage that succeeded, the output fingerprint
     * and key figures of one that failed.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Entry(
            String stage,
            String status,
            Boolean skipped,
            Integer exitCode,
            String error,
            Double seconds,
            Map<String, String> parameters,
            Map<String, String> inputFingerprints,
            String outputFingerprint,
            JsonNode keyFigures) {}

    /**
     * @param recorded          a stage's entry of an earlier run's summary.json, or null
     * @param outputFingerprint the {@link Fingerprint} of the stage's directory now
     * @return whether that run left the stage done with these parameters and inputs, and its
     *         directory is as it was then
     */
    static boolean upToDate(
            JsonNode recorded,
            Map<String, String> parameters,
            Map<String, String> inputFingerprints,
            String outputFingerprint) {
        return recorded != null
                && recorded.path("status").asText().equals(SUCCEEDED)
                && recorded.path("parameters").equals(MAPPER.valueToTree(parameters))
                && recorded.path("input_fingerprints").equals(MAPPER.valueToTree(inputFingerprints))
                && recorded.path("output_fingerprint").asText().equals(outputFingerprint);
    }
}

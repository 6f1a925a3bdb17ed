package dev.mvstat.jobs.stats;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;
import java.util.Map;

/**
 * summary.json of a data job: the fields every job writes, in this order, then the job's own
 * ({@code results}, a record whose fields are written inline).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RunSummary(
        String job,
        Map<String, String> parameters,
        String input,
        String inputFormat,
        long rowsRead,
        long rowsUsed,
        long rowsRejected,
        List<String> columns,
        Map<String, Double> timingsSeconds,
        List<String> warnings,
        String libraryVersion,
        String sparkVersion,
        @JsonUnwrapped Object results) {}

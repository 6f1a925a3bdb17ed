package dev.mvstat.jobs.output;

import dev.mvstat.jobs.input.InputSummary;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/** What summary.json says of a run: parameters, input, row counts, stage timings and warnings. */
public final class RunRecord {

    private final String job;
    private final Map<String, String> parameters;
    private final Map<String, Double> stageSeconds = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();

    public RunRecord(String job, Map<String, String> parameters) {
        this.job = job;
        this.parameters = parameters;
    }

    /** Runs and times one stage. */
    public <T> T stage(String name, Supplier<T> work) {
        long start = System.nanoTime();
        try {
            return work.get();
        } finally {
            stageSeconds.merge(name, (System.nanoTime() - start) / 1e9, Double::sum);
        }
    }

    /** Runs and times one stage that returns nothing. */
    public void stage(String name, Runnable work) {
        stage(name, () -> {
            work.run();
            return null;
        });
    }

    public void warn(String warning) {
        warnings.add(warning);
    }

    /** @return the summary.json object for a run over {@code input} */
    public Map<String, Object> summary(SparkSession spark, InputSummary input) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("job", job);
        s.put("parameters", parameters);
        s.put("input", input.path());
        s.put("input_format", input.format().name().toLowerCase(Locale.ROOT));
        s.put("rows_read", input.rowsRead());
        s.put("rows_used", input.rowsUsed());
        s.put("rows_rejected", input.rowsRejected());
        s.put("columns", input.columns());
        s.put("timings_seconds", stageSeconds);
        List<String> all = new ArrayList<>(input.warnings());
        all.addAll(warnings);
        s.put("warnings", all);
        s.put("library_version", Versions.library());
        s.put("spark_version", spark.version());
        return s;
    }
}

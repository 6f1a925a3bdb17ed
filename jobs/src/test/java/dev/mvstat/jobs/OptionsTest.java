package dev.mvstat.jobs;

import dev.mvstat.jobs.cli.DataOptions;
import dev.mvstat.jobs.cli.ExitCode;
import dev.mvstat.jobs.cli.JobException;
import dev.mvstat.jobs.cli.OptionSpec;
import dev.mvstat.jobs.cli.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptionsTest {

    private static final List<OptionSpec> COVARIANCE =
            DataOptions.with(OptionSpec.choice("correlation", "", "pearson", "spearman", "both"));
    private static final List<String> IN_OUT = List.of("--input", "in.csv", "--output", "out");

    @TempDir
    Path tmp;

    private static List<String> withInOut(String... args) {
        return Stream.concat(IN_OUT.stream(), List.of(args).stream()).toList();
    }

    @Test
    void commandLineOverConfigFileOverBundledDefaults() {
        Path config = JobRunner.write(
                tmp,
                "c.properties",
                "covariance.correlation=both\non-invalid=skip\nformat=csv\n" + "covariance.format=json\n");
        Options o = Options.parse(
                "covariance", withInOut("--config", config.toString(), "--on-invalid", "fail"), COVARIANCE);
        assertEquals("fail", o.get("on-invalid"), "command line wins");
        assertEquals("both", o.get("correlation"), "job key of the config file");
        assertEquals("json", o.get("format"), "job key before common key");
        Options defaults = Options.parse("covariance", IN_OUT, COVARIANCE);
        assertEquals("pearson", defaults.get("correlation"), "bundled conf/jobs.properties");
        assertEquals("fail", defaults.get("on-invalid"));
    }

    @Test
    void usageErrors() {
        JobException unknown = assertThrows(
                JobException.class, () -> Options.parse("covariance", withInOut("--nope", "1"), COVARIANCE));
        assertEquals(ExitCode.USAGE, unknown.exitCode());
        JobException missing =
                assertThrows(JobException.class, () -> Options.parse("covariance", List.of("--input"), COVARIANCE));
        assertTrue(missing.getMessage().contains("--input needs a value"));
        assertThrows(JobException.class, () -> Options.parse("covariance", List.of("stray"), COVARIANCE));
        assertThrows(
                JobException.class, () -> Options.parse("covariance", List.of("--config", "/no/such/file"), List.of()));
    }
}

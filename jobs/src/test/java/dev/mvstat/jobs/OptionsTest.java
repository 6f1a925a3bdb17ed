package dev.mvstat.jobs;

import dev.mvstat.jobs.cli.ExitCode;
import dev.mvstat.jobs.cli.Job;
import dev.mvstat.jobs.cli.JobException;
import dev.mvstat.jobs.cli.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptionsTest {

    @TempDir
    Path tmp;

    @Test
    void commandLineOverConfigFileOverBundledDefaults() {
        Path config = JobRunner.write(
                tmp,
                "c.properties",
                "covariance.correlation=both\non-invalid=skip\nformat=csv\n" + "covariance.format=json\n");
        Options o = Options.parse(
                "covariance",
                List.of("--config", config.toString(), "--on-invalid", "fail"),
                Job.withCommon("correlation"));
        assertEquals("fail", o.get("on-invalid"), "command line wins");
        assertEquals("both", o.get("correlation"), "job key of the config file");
        assertEquals("json", o.get("format"), "job key before common key");
        Options defaults = Options.parse("covariance", List.of(), Job.withCommon("correlation"));
        assertEquals("pearson", defaults.get("correlation"), "bundled conf/jobs.properties");
        assertEquals("fail", defaults.get("on-invalid"));
    }

    @Test
    void usageErrors() {
        JobException unknown = assertThrows(
                JobException.class, () -> Options.parse("covariance", List.of("--nope", "1"), Job.withCommon()));
        assertEquals(ExitCode.USAGE, unknown.exitCode());
        JobException missing = assertThrows(
                JobException.class, () -> Options.parse("covariance", List.of("--input"), Job.withCommon()));
        assertTrue(missing.getMessage().contains("--input needs a value"));
        assertThrows(JobException.class, () -> Options.parse("covariance", List.of("stray"), Job.withCommon()));
        assertThrows(
                JobException.class, () -> Options.parse("covariance", List.of("--config", "/no/such/file"), Set.of()));
    }
}

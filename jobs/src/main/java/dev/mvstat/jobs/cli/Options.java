package dev.mvstat.jobs.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * A job's options: {@code --name value} pairs and {@code --flag}s from the command line, over the
 * properties of {@code --config FILE}, over the defaults bundled from {@code conf/jobs.properties}.
 * In a properties file a key {@code job.name} applies to one job and a key {@code name} to all.
 * Every value is checked against its {@link OptionSpec} when parsed, before Spark starts.
 */
public final class Options {

    /** Options every job accepts besides its own. */
    public static final List<OptionSpec> GLOBAL = List.of(
            OptionSpec.text("config", "FILE", "properties file of option values (job.name=value or name=value)"),
            OptionSpec.flag("verbose", "on failure, print the stack trace and Spark's log too"));

    private static final String DEFAULTS_RESOURCE = "/jobs.properties";
    /** The name under which a job that allows it finds its leading positional argument ({@code bench covariance}). */
    public static final String SUBJECT = "subject";

    private final String job;
    private final List<OptionSpec> specs;
    private final Map<String, String> given;
    private final Properties config;
    private final Properties defaults;

    private Options(
            String job, List<OptionSpec> specs, Map<String, String> given, Properties config, Properties defaults) {
        this.job = job;
        this.specs = specs;
        this.given = given;
        this.config = config;
        this.defaults = defaults;
    }

    /**
     * Parses and checks a job's arguments.
     *
     * @param job   the job name, for job-specific defaults
     * @param args  the arguments after the job name
     * @param specs the options the job accepts besides the {@link #GLOBAL} ones
     * @return the options
     * @throws JobException (usage) on an unknown option, a missing or wrong value or an unreadable config file
     */
    public static Options parse(String job, List<String> args, List<OptionSpec> specs) {
        Map<String, OptionSpec> known = new LinkedHashMap<>();
        specs.forEach(s -> known.put(s.name(), s));
        GLOBAL.forEach(s -> known.put(s.name(), s));
        Map<String, String> given = new LinkedHashMap<>();
        int first = 0;
        if (known.containsKey(SUBJECT) && !args.isEmpty() && !args.get(0).startsWith("--")) {
            given.put(SUBJECT, args.get(0));
            first = 1;
        }
        for (int i = first; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw JobException.usage("unexpected argument '" + arg + "'; options look like --name value");
            }
            String name = arg.substring(2);
            OptionSpec spec = known.get(name);
            if (spec == null) {
                throw JobException.usage("unknown option --" + name + " for job " + job + "; known: "
                        + String.join(", ", known.keySet().stream().sorted().toList()) + " (--help explains them)");
            }
            if (spec.isFlag()) {
                given.put(name, "true");
            } else if (i + 1 >= args.size()) {
                throw JobException.usage("option --" + name + " needs a value");
            } else {
                given.put(name, args.get(++i));
            }
        }
        Properties config = new Properties();
        if (given.containsKey("config")) {
            Path file = Path.of(given.get("config"));
            try (Reader r = Files.newBufferedReader(file)) {
                config.load(r);
            } catch (IOException e) {
                throw JobException.usage("cannot read --config " + file + ": " + e.getMessage());
            }
        }
        Options options = new Options(job, List.copyOf(specs), given, config, bundledDefaults());
        options.check();
        return options;
    }

    /** @return the bundled default of a job's option, or null */
    public static String defaultOf(String job, String name) {
        Properties p = bundledDefaults();
        String v = p.getProperty(job + "." + name, p.getProperty(name));
        return v == null ? null : v.trim();
    }

    /** Checks every value against its option, and that the required ones have one. */
    private void check() {
        for (OptionSpec spec : specs) {
            String v = get(spec.name());
            if (v == null || v.isEmpty()) {
                if (spec.required()) {
                    throw JobException.usage(
                            spec.name().equals(SUBJECT)
                                    ? "missing the first argument, one of " + spec.allowed()
                                    : "missing required option --" + spec.name());
                }
            } else {
                spec.check().accept(v);
            }
        }
    }

    private static Properties bundledDefaults() {
        Properties p = new Properties();
        try (InputStream in = Options.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read bundled " + DEFAULTS_RESOURCE, e);
        }
        return p;
    }

    /** @return the value of an option, or null when neither given nor configured */
    public String get(String name) {
        if (given.containsKey(name)) {
            return given.get(name);
        }
        for (Properties p : List.of(config, defaults)) {
            String v = p.getProperty(job + "." + name, p.getProperty(name));
            if (v != null) {
                return v.trim();
            }
        }
        return null;
    }

    /** @return the value of a required option */
    public String require(String name) {
        String v = get(name);
        if (v == null || v.isEmpty()) {
            throw JobException.usage("missing required option --" + name);
        }
        return v;
    }

    /** @return an integer option (checked when parsed), or null when unset */
    public Long integer(String name) {
        String v = get(name);
        return v == null || v.isEmpty() ? null : Long.valueOf(v);
    }

    /** @return a number option (checked when parsed), or null when unset */
    public Double number(String name) {
        String v = get(name);
        return v == null || v.isEmpty() ? null : Double.valueOf(v);
    }

    /** @return whether a flag is set */
    public boolean flag(String name) {
        return Boolean.parseBoolean(get(name));
    }

    /** @return a comma-separated list option, or an empty list when absent */
    public List<String> list(String name) {
        String v = get(name);
        if (v == null || v.isBlank()) {
            return List.of();
        }
        return Arrays.stream(v.split(",")).map(String::trim).toList();
    }

    /** @return every option of the job that has a value, {@code config} included, sorted by name (for summary.json) */
    public Map<String, String> effective() {
        Map<String, String> out = new TreeMap<>();
        for (OptionSpec spec : specs) {
            String v = get(spec.name());
            if (v != null) {
                out.put(spec.name(), v);
            }
        }
        if (given.containsKey("config")) {
            out.put("config", given.get("config"));
        }
        return out;
    }
}

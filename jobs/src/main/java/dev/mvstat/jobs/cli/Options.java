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
import java.util.Set;
import java.util.TreeMap;
import java.util.function.DoublePredicate;

/**
 * A job's options: {@code --name value} pairs and {@code --flag}s from the command line, over the
 * properties of {@code --config FILE}, over the defaults bundled from {@code conf/jobs.properties}.
 * In a properties file a key {@code job.name} applies to one job and a key {@code name} to all.
 */
public final class Options {

    /** Options that take no value. */
    private static final Set<String> FLAGS = Set.of("overwrite", "resume");

    private static final String DEFAULTS_RESOURCE = "/jobs.properties";
    /** The name under which a job that allows it finds its leading positional argument ({@code bench covariance}). */
    public static final String SUBJECT = "subject";

    private final String job;
    private final Map<String, String> given;
    private final Properties config;
    private final Properties defaults;

    private Options(String job, Map<String, String> given, Properties config, Properties defaults) {
        this.job = job;
        this.given = given;
        this.config = config;
        this.defaults = defaults;
    }

    /**
     * Parses a job's arguments.
     *
     * @param job     the job name, for job-specific defaults
     * @param args    the arguments after the job name
     * @param allowed option names the job accepts (besides {@code config})
     * @return the options
     * @throws JobException (usage) on an unknown option, a missing value or an unreadable config file
     */
    public static Options parse(String job, List<String> args, Set<String> allowed) {
        Map<String, String> given = new LinkedHashMap<>();
        int first = 0;
        if (allowed.contains(SUBJECT) && !args.isEmpty() && !args.get(0).startsWith("--")) {
            given.put(SUBJECT, args.get(0));
            first = 1;
        }
        for (int i = first; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw JobException.usage("unexpected argument '" + arg + "'; options look like --name value");
            }
            String name = arg.substring(2);
            if (!allowed.contains(name) && !name.equals("config")) {
                throw JobException.usage("unknown option --" + name + " for job " + job + "; known: "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
            if (FLAGS.contains(name)) {
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
        return new Options(job, given, config, bundledDefaults());
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

    /** @return the value of an option that must be one of {@code choices} */
    public String choice(String name, String... choices) {
        String v = require(name);
        if (!Arrays.asList(choices).contains(v)) {
            throw JobException.usage(
                    "--" + name + " must be one of " + String.join("|", choices) + ", got '" + v + "'");
        }
        return v;
    }

    /**
     * @param requirement what the value must be, for the error message ("a positive integer")
     * @return the option as a whole number at least {@code min}, or null when unset
     */
    public Long integer(String name, long min, String requirement) {
        String v = get(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            long n = Long.parseLong(v);
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw JobException.usage("--" + name + " must be " + requirement + ", got '" + v + "'");
    }

    /**
     * @param valid       which finite values are allowed
     * @param requirement what the value must be, for the error message ("a number in (0, 1)")
     * @return the option as a finite number that {@code valid} accepts, or null when unset
     */
    public Double number(String name, DoublePredicate valid, String requirement) {
        String v = get(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            double x = Double.parseDouble(v);
            if (Double.isFinite(x) && valid.test(x)) {
                return x;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw JobException.usage("--" + name + " must be " + requirement + ", got '" + v + "'");
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

    /** @return every option that has a value, {@code config} included, sorted by name (for summary.json) */
    public Map<String, String> effective(Set<String> names) {
        Map<String, String> out = new TreeMap<>();
        for (String n : names) {
            String v = get(n);
            if (v != null) {
                out.put(n, v);
            }
        }
        if (given.containsKey("config")) {
            out.put("config", given.get("config"));
        }
        return out;
    }
}

package dev.mvstat.jobs.cli;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The help texts: the list of jobs, and one job's options with their meaning, default and allowed values. */
public final class Help {

    /** Width of the option column; a longer option gets a line of its own. */
    private static final int NAME_WIDTH = 28;

    private Help() {}

    /** @return the usage line and every job with its one-line description */
    public static String jobs(Collection<Job> jobs) {
        StringBuilder s =
                new StringBuilder("usage: submit.sh <job> [options]   (submit.sh <job> --help: its options)\njobs:");
        jobs.stream()
                .sorted(Comparator.comparing(Job::name))
                .forEach(j -> s.append(String.format("%n  %-13s %s", j.name(), j.description())));
        return s.toString();
    }

    /** @return the job's description, usage, every option it accepts and an example command */
    public static String job(Job job) {
        StringBuilder s = new StringBuilder("mvstat " + job.name() + ": " + job.description() + "\n");
        List<OptionSpec> specs =
                Stream.concat(job.options().stream(), Options.GLOBAL.stream()).toList();
        boolean subject = specs.stream().anyMatch(o -> o.name().equals(Options.SUBJECT));
        s.append("usage: submit.sh ")
                .append(job.name())
                .append(subject ? " <subject>" : "")
                .append(" [options]\n");
        s.append("options:\n");
        for (OptionSpec o : specs) {
            String name = o.name().equals(Options.SUBJECT)
                    ? "<subject>"
                    : "--" + o.name() + (o.isFlag() ? "" : " " + o.value());
            if (name.length() > NAME_WIDTH) {
                s.append("  ").append(name).append('\n');
                name = "";
            }
            s.append(String.format("  %-" + NAME_WIDTH + "s %s%n", name, o.meaning()));
            String details = details(job, o);
            if (!details.isEmpty()) {
                s.append(String.format("  %-" + NAME_WIDTH + "s %s%n", "", details));
            }
        }
        s.append("example:\n  submit.sh ").append(job.name()).append(' ').append(job.example());
        return s.toString();
    }

    private static String details(Job job, OptionSpec o) {
        String fallback = Options.defaultOf(job.name(), o.name());
        List<String> parts = Stream.of(
                        o.required() && fallback == null ? "required" : null,
                        fallback == null ? null : "default: " + fallback,
                        o.allowed() == null || o.isFlag() ? null : "allowed: " + o.allowed())
                .filter(p -> p != null)
                .toList();
        return String.join("; ", parts);
    }
}

package dev.mvstat.jobs.cli;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.DoublePredicate;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One option of a job: its name, what it means and which values it takes. Parsing checks every
 * value against it before Spark starts, and {@code --help} prints it.
 *
 * @param name     the option without its leading {@code --}
 * @param value    what the value stands for in the help ({@code FILE}, {@code a|b}), or null for a flag
 * @param meaning  one line saying what the option does
 * @param allowed  the values allowed, in words for the help and the error ("a number in (0, 1)"), or null for any
 * @param check    throws a usage {@link JobException} naming what is wrong with a value
 * @param required whether a run needs a value (given, configured or a bundled default)
 */
public record OptionSpec(
        String name, String value, String meaning, String allowed, Consumer<String> check, boolean required) {

    /** An option without a value: {@code --name} sets it. */
    public static OptionSpec flag(String name, String meaning) {
        return new OptionSpec(
                name,
                null,
                meaning,
                null,
                matching(name, "true or false", v -> v.equals("true") || v.equals("false")),
                false);
    }

    /** An option taking any text. */
    public static OptionSpec text(String name, String value, String meaning) {
        return new OptionSpec(name, value, meaning, null, v -> {}, false);
    }

    /** An option taking one of {@code choices}. */
    public static OptionSpec choice(String name, String meaning, String... choices) {
        String listed = String.join("|", choices);
        return new OptionSpec(
                name,
                listed,
                meaning,
                "one of " + listed,
                matching(name, "one of " + listed, List.of(choices)::contains),
                false);
    }

    /** An option taking a whole number of at least {@code min}; {@code allowed} says so in words. */
    public static OptionSpec integer(String name, String value, String meaning, long min, String allowed) {
        return new OptionSpec(
                name,
                value,
                meaning,
                allowed,
                matching(name, allowed, v -> parses(v, Long::parseLong, n -> n >= min)),
                false);
    }

    /** An option taking a finite number that {@code valid} accepts; {@code allowed} says which in words. */
    public static OptionSpec number(String name, String value, String meaning, DoublePredicate valid, String allowed) {
        return new OptionSpec(
                name,
                value,
                meaning,
                allowed,
                matching(name, allowed, v -> parses(v, Double::parseDouble, x -> Double.isFinite(x) && valid.test(x))),
                false);
    }

    /** @return whether {@code parse} reads the text as a number that {@code valid} accepts */
    private static <T> boolean parses(String text, Function<String, T> parse, Predicate<T> valid) {
        try {
            return valid.test(parse.apply(text));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** An option whose values {@code check} judges, throwing a usage {@link JobException} for a wrong one. */
    public static OptionSpec checked(
            String name, String value, String meaning, String allowed, Consumer<String> check) {
        return new OptionSpec(name, value, meaning, allowed, check, false);
    }

    /** @return the same option, needed by every run */
    public OptionSpec asRequired() {
        return new OptionSpec(name, value, meaning, allowed, check, true);
    }

    /** @return whether the option takes no value */
    public boolean isFlag() {
        return value == null;
    }

    private static Consumer<String> matching(String name, String allowed, Predicate<String> valid) {
        return v -> {
            if (!valid.test(v)) {
                throw JobException.usage("--" + name + " must be " + allowed + ", got '" + v + "'");
            }
        };
    }
}

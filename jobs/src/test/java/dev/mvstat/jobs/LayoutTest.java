package dev.mvstat.jobs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The README's package tree names exactly the packages the code has. */
class LayoutTest {

    /** The repository's root, seen from this module's directory (Maven runs tests there). */
    private static final Path ROOT = Path.of("..");

    /** A module line of the tree ({@code lib/}, {@code jobs/}), a package line, or a sub-package line. */
    private static final Pattern ENTRY = Pattern.compile("^( {0,4})([a-z]+)/\\s");

    @Test
    void readmeNamesEveryPackageAndNoOther() throws IOException {
        Set<String> code = new TreeSet<>();
        code.addAll(packages(ROOT.resolve("lib/src/main/java")));
        code.addAll(packages(ROOT.resolve("jobs/src/main/java")));
        assertEquals(code, readmePackages(Files.readAllLines(ROOT.resolve("README.md"))));
    }

    /** @return the packages of the tree under the README's "### Packages" heading */
    private static Set<String> readmePackages(List<String> readme) {
        int start = readme.indexOf("### Packages");
        int open = readme.subList(start, readme.size()).indexOf("```") + start;
        int close = readme.subList(open + 1, readme.size()).indexOf("```") + open + 1;
        Set<String> named = new TreeSet<>();
        String module = null;
        String parent = null;
        for (String line : readme.subList(open + 1, close)) {
            Matcher m = ENTRY.matcher(line);
            if (!m.find()) {
                continue;
            }
            String name = m.group(2);
            switch (m.group(1).length()) {
                case 0 -> {
                    module = switch (name) {
                        case "lib" -> "dev.mvstat";
                        case "jobs" -> "dev.mvstat.jobs";
                        default -> null;
                    };
                    if ("dev.mvstat.jobs".equals(module)) {
                        named.add(module);
                    }
                }
                case 2 -> {
                    parent = module + "." + name;
                    named.add(parent);
                }
                default -> named.add(parent + "." + name);
            }
        }
        return named;
    }

    /** @return every package with a Java source under a source root */
    private static Set<String> packages(Path sources) throws IOException {
        try (Stream<Path> files = Files.walk(sources)) {
            return files.filter(f -> f.toString().endsWith(".java"))
                    .map(f -> sources.relativize(f.getParent()).toString().replace('/', '.'))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }
}

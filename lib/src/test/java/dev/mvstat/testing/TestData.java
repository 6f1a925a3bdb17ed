package dev.mvstat.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The test data: {@code data/*.csv} and the numpy/scipy/scikit-learn reference results
 * {@code reference/*.json} computed on them, copied from the project's shared reference set.
 */
public final class TestData {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static Path copies;

    private TestData() {}

    /**
     * @return a data set's path as a file, copied out of the classpath (it may live in a jar) into
     *         one temporary directory per JVM, deleted when the JVM exits
     */
    public static synchronized Path csvFile(String name) {
        String resource = "/data/" + name + ".csv";
        try (InputStream in = TestData.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            if (copies == null) {
                copies = Files.createTempDirectory("mvstat-data");
                copies.toFile().deleteOnExit();
            }
            Path file = copies.resolve(name + ".csv");
            if (!Files.exists(file)) {
                Files.copy(in, file);
                file.toFile().deleteOnExit();
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the numeric columns of a data set (non-numeric columns dropped), one array per row */
    public static List<double[]> rows(String name) {
        try {
            List<String> lines = Files.readAllLines(csvFile(name));
            List<double[]> rows = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                rows.add(Arrays.stream(line.split(","))
                        .filter(TestData::isNumber)
                        .mapToDouble(Double::parseDouble)
                        .toArray());
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** @return the reference results of a data set */
    public static JsonNode reference(String name) {
        try (InputStream in = TestData.class.getResourceAsStream("/reference/" + name + ".json")) {
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return a JSON array of numbers, or of rows of numbers flattened row-major; null becomes NaN */
    public static double[] doubles(JsonNode node) {
        List<Double> out = new ArrayList<>();
        flatten(node, out);
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void flatten(JsonNode node, List<Double> out) {
        if (node.isArray()) {
            node.forEach(n -> flatten(n, out));
        } else {
            out.add(node.isNull() ? Double.NaN : node.asDouble());
        }
    }
}

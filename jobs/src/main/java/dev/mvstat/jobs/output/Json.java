package dev.mvstat.jobs.output;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * JSON output: plain finite numbers, {@code null} for undefined values, never NaN text. A double is
 * written as the shortest decimal that reads back to it (Jackson's Schubfach writer; the JDK's
 * {@code Double.toString} is shortest only from Java 19 on).
 */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
                    .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                    .build())
            .enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {}

    /** @return the value as indented JSON */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** Writes the value as indented JSON and a newline to {@code out}, which the caller closes. */
    public static void write(OutputStream out, Object value) throws IOException {
        MAPPER.writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValue(out, value);
        out.write('\n');
    }

    /** @return the numbers as a list, NaN and infinities as null */
    public static List<Double> vector(double[] values) {
        List<Double> out = new ArrayList<>(values.length);
        for (double v : values) {
            out.add(Double.isFinite(v) ? v : null);
        }
        return out;
    }

    /** @return a row-major d x d matrix as a list of rows, NaN and infinities as null */
    public static List<List<Double>> matrix(double[] values, int d) {
        List<List<Double>> rows = new ArrayList<>(d);
        for (int i = 0; i < d; i++) {
            rows.add(vector(Arrays.copyOfRange(values, i * d, (i + 1) * d)));
        }
        return rows;
    }
}

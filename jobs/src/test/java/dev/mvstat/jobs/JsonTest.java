package dev.mvstat.jobs;

import dev.mvstat.jobs.output.Json;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.DoubleStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** JSON numbers: the shortest decimal that reads back to the same double. */
class JsonTest {

    @Test
    void everyDoubleIsWrittenAsTheShortestDecimalThatReadsBack() {
        Random random = new Random(42);
        DoubleStream edges = DoubleStream.of(
                0.1,
                0.2,
                0.3,
                1.0 / 3,
                2e23,
                1e23,
                100.0,
                -0.0,
                0.0,
                1e-5,
                1e7,
                1234567.0,
                Double.MIN_VALUE,
                Double.MIN_NORMAL,
                Double.MAX_VALUE,
                Math.nextUp(1.0),
                Math.nextDown(1.0),
                9007199254740993.0);
        DoubleStream randomBits =
                random.longs(200_000).mapToDouble(Double::longBitsToDouble).filter(Double::isFinite);
        DoubleStream.concat(edges, randomBits).forEach(JsonTest::assertShortestRoundTrip);
    }

    @Test
    void theJdkOfJava17IsNotAlwaysShortest() {
        // Double.toString(2e23) is "1.9999999999999998E23" before Java 19.
        assertEquals("[ 2.0E23 ]\n", Json.write(List.of(2e23)));
    }

    @Test
    void integersStayIntegersAndUndefinedValuesAreNull() {
        assertEquals("{\n  \"n\" : 150\n}\n", Json.write(Map.of("n", 150)));
        assertEquals("[ 100.0, null, null ]\n", Json.write(Json.vector(new double[] {100, Double.NaN, 1 / 0.0})));
    }

    private static void assertShortestRoundTrip(double d) {
        String json = Json.write(List.of(d));
        String text = json.substring(2, json.length() - 3); // "[ " ... " ]\n"
        assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits(Double.parseDouble(text)), text);
        if (d == 0) {
            return;
        }
        BigDecimal exact = new BigDecimal(d);
        int digits = new BigDecimal(text).stripTrailingZeros().precision();
        // As Java 19's Double.toString, two digits where one would do: 4.9E-324, the nearer to it than 5E-324.
        if (digits > 2) {
            for (RoundingMode mode : List.of(RoundingMode.FLOOR, RoundingMode.CEILING)) {
                BigDecimal shorter = exact.round(new MathContext(digits - 1, mode));
                assertNotEquals(d, shorter.doubleValue(), () -> shorter + " is shorter than " + text);
            }
        }
    }
}

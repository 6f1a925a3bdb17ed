package dev.mvstat.jobs;

import dev.mvstat.jobs.output.Npy;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The .npy writer: NumPy's format 1.0 byte for byte, and every bit of every value. */
class NpyTest {

    private static final Pattern SHAPE = Pattern.compile("'shape': \\((\\d+), (\\d+)\\)");

    static byte[] npy(double[] matrix, int d) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Npy.write(out, matrix, d);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    /**
     * A parser independent of {@link Npy}: checks the magic string, version 1.0, the header's
     * alignment, type and order, and returns the shape's order with the values.
     */
    static double[] parse(byte[] file, int d) {
        assertArrayEquals(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}, Arrays.copyOf(file, 8));
        int headerLength = (file[8] & 0xFF) | (file[9] & 0xFF) << 8;
        int dataStart = 10 + headerLength;
        assertEquals(0, dataStart % 64, "data aligned to 64 bytes");
        String header = new String(file, 10, headerLength, StandardCharsets.US_ASCII);
        assertTrue(header.startsWith("{'descr': '<f8', 'fortran_order': False, ") && header.endsWith("\n"), header);
        Matcher shape = SHAPE.matcher(header);
        assertTrue(shape.find(), header);
        assertEquals(d, Integer.parseInt(shape.group(1)), header);
        assertEquals(d, Integer.parseInt(shape.group(2)), header);
        assertEquals(dataStart + 8L * d * d, file.length, "file length");
        double[] values = new double[d * d];
        ByteBuffer.wrap(file, dataStart, 8 * d * d)
                .order(ByteOrder.LITTLE_ENDIAN)
                .asDoubleBuffer()
                .get(values);
        return values;
    }

    @Test
    void aTwoByTwoMatrixIsNumPysFileByteForByte() {
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }";
        // 10 bytes before the header, 59 of dict, 58 spaces and a newline: 128 in all
        String header = "934e554d5059" + "0100" + "7600"
                + HexFormat.of().formatHex(dict.getBytes(StandardCharsets.US_ASCII)) + "20".repeat(58) + "0a";
        String values = "000000000000f03f" + "0000000000000040" + "000000000000e0bf" + "000000000000d03f";
        assertEquals(header + values, HexFormat.of().formatHex(npy(new double[] {1.0, 2.0, -0.5, 0.25}, 2)));
    }

    @Test
    void aRandomSevenBySevenMatrixReadsBackBitForBit() {
        Random random = new Random(7);
        double[] matrix = new double[49];
        for (int k = 0; k < matrix.length; k++) {
            matrix[k] = random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20);
        }
        matrix[3] = -0.0;
        matrix[10] = Double.NaN;
        matrix[20] = Double.MIN_VALUE;
        double[] read = parse(npy(matrix, 7), 7);
        for (int k = 0; k < matrix.length; k++) {
            assertEquals(Double.doubleToRawLongBits(matrix[k]), Double.doubleToRawLongBits(read[k]), "value " + k);
        }
    }

    @Test
    void readingGivesBackWhatWasWrittenAndRejectsAnotherShape() throws IOException {
        double[] matrix = new double[400 * 400];
        Arrays.setAll(matrix, k -> k * 0.1 - 7);
        byte[] file = npy(matrix, 400);
        assertArrayEquals(matrix, Npy.read(new ByteArrayInputStream(file), 400));
        IOException e = assertThrows(IOException.class, () -> Npy.read(new ByteArrayInputStream(file), 399));
        assertTrue(e.getMessage().contains("expected shape (399, 399), actual (400, 400)"), e.getMessage());
    }
}

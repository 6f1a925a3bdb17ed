package dev.mvstat.jobs.output;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A square matrix in NumPy's .npy format, version 1.0: the magic string, a header dict
 * ({@code '<f8'}, C order, shape (d, d)) padded with spaces to a multiple of 64 bytes, then the
 * values as little-endian float64, row-major. {@code numpy.load} reads it as a d x d array.
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
    private static final int ALIGN = 64;
    /** Values converted per write: 1 MiB chunks. */
    private static final int CHUNK = 1 << 17;

    private static final Pattern HEADER =
            Pattern.compile("\\{'descr': '<f8', 'fortran_order': False, 'shape': \\((\\d+), (\\d+)\\), } *\n");

    private Npy() {}

    /**
     * @param matrix row-major d x d
     * @param d      the order
     */
    public static void write(OutputStream out, double[] matrix, int d) throws IOException {
        if (matrix.length != (long) d * d) {
            throw new IllegalArgumentException(
                    "expected a " + d + " x " + d + " matrix, actual " + matrix.length + " values");
        }
        out.write(header(d));
        ByteBuffer chunk = ByteBuffer.allocate(Math.min(CHUNK, Math.max(1, matrix.length)) * Double.BYTES)
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int from = 0; from < matrix.length; from += CHUNK) {
            int n = Math.min(CHUNK, matrix.length - from);
            chunk.clear();
            chunk.asDoubleBuffer().put(matrix, from, n);
            out.write(chunk.array(), 0, n * Double.BYTES);
        }
    }

    /** @return the magic string, version, header length and header of a d x d float64 array */
    static byte[] header(int d) {
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + d + ", " + d + "), }";
        int unpadded = MAGIC.length + 2 + dict.length() + 1;
        int length = dict.length() + (ALIGN - unpadded % ALIGN) % ALIGN + 1;
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 2 + length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putShort((short) length).put(dict.getBytes(StandardCharsets.US_ASCII));
        while (b.remaining() > 1) {
            b.put((byte) ' ');
        }
        return b.put((byte) '\n').array();
    }

    /**
     * Reads a matrix this class wrote.
     *
     * @param d the order expected
     * @return the values, row-major d x d
     * @throws IOException when the stream is not a version 1.0 .npy file of a d x d C-order
     *                     little-endian float64 array and nothing else; the message says what it holds
     */
    public static double[] read(InputStream in, int d) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] magic = new byte[MAGIC.length];
        data.readFully(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException("expected the .npy version 1.0 magic string, actual bytes " + Arrays.toString(magic));
        }
        byte[] header = new byte[Short.toUnsignedInt(Short.reverseBytes(data.readShort()))];
        data.readFully(header);
        String text = new String(header, StandardCharsets.US_ASCII);
        Matcher m = HEADER.matcher(text);
        if (!m.matches()) {
            throw new IOException("expected a header of a C-order '<f8' matrix, actual " + text.strip());
        }
        if (!m.group(1).equals(Integer.toString(d)) || !m.group(2).equals(Integer.toString(d))) {
            throw new IOException(
                    "expected shape (" + d + ", " + d + "), actual (" + m.group(1) + ", " + m.group(2) + ")");
        }
        double[] matrix = new double[d * d];
        byte[] chunk = new byte[Math.min(CHUNK, Math.max(1, matrix.length)) * Double.BYTES];
        for (int from = 0; from < matrix.length; from += CHUNK) {
            int n = Math.min(CHUNK, matrix.length - from);
            data.readFully(chunk, 0, n * Double.BYTES);
            ByteBuffer.wrap(chunk, 0, n * Double.BYTES)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .asDoubleBuffer()
                    .get(matrix, from, n);
        }
        if (data.read() != -1) {
            throw new IOException("expected " + d + " x " + d + " values, actual more");
        }
        return matrix;
    }
}

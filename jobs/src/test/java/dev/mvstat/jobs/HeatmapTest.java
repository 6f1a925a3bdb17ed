package dev.mvstat.jobs;

import dev.mvstat.jobs.report.Heatmap;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The correlation heatmap: a cell per pair up to its block count, block means above it. */
class HeatmapTest {

    static int count(String text, String element) {
        return text.split(element, -1).length - 1;
    }

    @Test
    void aNarrowMatrixHasACellPerPairNamedInItsTooltip() {
        String svg = Heatmap.svg(List.of("a", "b"), new double[] {1, 0.5, 0.5, 1});
        assertEquals(4, count(svg, "<rect "));
        assertTrue(svg.contains("<title>a / b: 0.500000</title>"), svg);
        assertEquals("", Heatmap.blockNote(Heatmap.MAX_BLOCKS));
    }

    @Test
    void aWideMatrixIsAveragedInBlocksThatNameTheirColumns() {
        int d = 250;
        double[] matrix = new double[d * d];
        matrix[0] = 1;
        matrix[1] = Double.NaN;
        matrix[d] = 0.5;
        matrix[d + 1] = 1;
        String svg = Heatmap.svg(IntStream.range(0, d).mapToObj(j -> "c" + j).toList(), matrix);
        assertEquals(Heatmap.MAX_BLOCKS * Heatmap.MAX_BLOCKS, count(svg, "<rect "));
        // blocks of 2 or 3 columns: the first covers columns 1 and 2; its defined values are 1, 0.5, 1
        assertTrue(svg.contains("<title>columns 1–2 (c0 … c1) / columns 1–2 (c0 … c1): 0.833333</title>"), svg);
        assertTrue(svg.contains("<title>columns 248–250 (c247 … c249) / columns 3–5 (c2 … c4): 0.000000</title>"), svg);
        assertTrue(Heatmap.blockNote(d).contains("250 columns in 100 blocks of 2 or 3 consecutive columns"));
    }

    @Test
    void tooltipsShowSixDecimals() {
        String svg = Heatmap.svg(List.of("a", "b"), new double[] {0.9999999, -0.1234567, -1e-9, Double.NaN});
        assertTrue(svg.contains("<title>a / a: 1.000000</title>"), svg);
        assertTrue(svg.contains("<title>a / b: -0.123457</title>"), svg);
        assertTrue(svg.contains("<title>b / a: 0.000000</title>"), svg);
        assertTrue(svg.contains("<title>b / b: undefined</title>"), svg);
    }
}

package dev.mvstat.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mvstat.jobs.report.Chart;
import dev.mvstat.jobs.report.Heatmap;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The correlation heatmap: a cell per pair up to its block count, block means above it, a clustered order. */
class HeatmapTest {

    /** @return the view's cells, defined and undefined, as {column, row, value} */
    private static List<JsonNode> cells(Chart.View view) {
        List<JsonNode> out = new ArrayList<>();
        view.option()
                .get("series")
                .forEach(s -> s.get("data").forEach(c -> out.add(c.has("value") ? c.get("value") : c)));
        return out;
    }

    /** @return the view's row or column names, in its order */
    private static List<String> axis(Chart.View view) {
        List<String> names = new ArrayList<>();
        view.option().get("xAxis").get("data").forEach(n -> names.add(n.asText()));
        return names;
    }

    private static double cell(Chart.View view, int column, int row) {
        return cells(view).stream()
                .filter(c -> c.get(0).asInt() == column && c.get(1).asInt() == row)
                .findFirst()
                .orElseThrow()
                .get(2)
                .asDouble(Double.NaN);
    }

    @Test
    void aNarrowMatrixHasACellPerPairNamedInItsTooltip() {
        Chart chart = Heatmap.chart(List.of("a", "b"), new double[] {1, 0.5, 0.5, Double.NaN});
        assertEquals(1, chart.views().size(), "no clustered order for two columns");
        Chart.View view = chart.views().get(0);
        assertEquals(4, cells(view).size());
        assertEquals(0.5, cell(view, 1, 0));
        assertTrue(Double.isNaN(cell(view, 1, 1)), "undefined: a grey cell of its own series");
        JsonNode tooltip = view.option().get("tooltip").get("formatter");
        assertEquals("cell", tooltip.get("$format").asText());
        assertEquals("[\"a\",\"b\"]", tooltip.get("x").toString());
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
        Chart.View view = Heatmap.chart(
                        IntStream.range(0, d).mapToObj(j -> "c" + j).toList(), matrix)
                .views()
                .get(0);
        assertEquals(Heatmap.MAX_BLOCKS * Heatmap.MAX_BLOCKS, cells(view).size());
        // blocks of 2 or 3 columns: the first covers columns 1 and 2; its defined values are 1, 0.5, 1
        assertEquals(0.833333, cell(view, 0, 0));
        assertEquals("1–2", axis(view).get(0));
        JsonNode names = view.option().get("tooltip").get("formatter").get("x");
        assertEquals("columns 1–2 (c0 … c1)", names.get(0).asText());
        assertEquals("columns 248–250 (c247 … c249)", names.get(99).asText());
        assertTrue(Heatmap.blockNote(d).contains("250 columns in 100 blocks of 2 or 3 consecutive columns"));
    }

    @Test
    void theClusteredOrderPutsCorrelatedColumnsTogether() {
        // columns 0, 2, 4 correlate strongly with one another, as do 1 and 3; across the groups little
        int d = 5;
        double[] r = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                r[i * d + j] = i == j ? 1 : i % 2 == j % 2 ? 0.9 : 0.1;
            }
        }
        Chart chart = Heatmap.chart(List.of("a", "b", "c", "d", "e"), r);
        assertEquals("clustered order", chart.views().get(1).name());
        List<String> order = axis(chart.views().get(1));
        String joined = String.join("", order);
        assertTrue(joined.matches("[ace]{3}[bd]{2}|[bd]{2}[ace]{3}"), joined);
        assertEquals(List.of("a", "b", "c", "d", "e"), axis(chart.views().get(0)));
    }
}

package dev.mvstat.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mvstat.jobs.report.HtmlReport;
import dev.mvstat.testing.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every job's report.html on iris: the figures each should have, read from their chart options,
 * and each page drawn in headless Chromium.
 */
class ReportsTest {

    @TempDir
    static Path shared;

    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void runTheJobs() {
        String iris = TestData.csvFile("iris").toString();
        run("covariance", "--input", iris, "--correlation", "both");
        run("mahalanobis", "--input", iris);
        run("cluster", "--input", iris, "--k", "3");
        runAs("cluster-hdbscan", "cluster", "--input", iris, "--min-cluster-size", "10", "--metric", "mahalanobis");
        run("fit-gaussian", "--input", iris, "--group-by", "species", "--optimizer", "lbfgs");
        run("fit-mixture", "--input", iris, "--k", "3", "--starts", "2");
    }

    private static void run(String job, String... args) {
        runAs(job, job, args);
    }

    /** Runs a job into the shared directory's {@code name}. */
    private static void runAs(String name, String job, String... args) {
        List<String> all =
                new ArrayList<>(List.of(job, "--output", shared.resolve(name).toString()));
        all.addAll(List.of(args));
        JobRunner.Result r = JobRunner.run(all.toArray(new String[0]));
        assertEquals(0, r.exitCode(), r.stderr());
    }

    private static String report(String job) throws IOException {
        return Files.readString(shared.resolve(job).resolve("report.html"));
    }

    /** @return each figure's views, as the page's script reads them */
    static List<JsonNode> views(String html) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String figure : HtmlReport.figures(html)) {
            int start = figure.indexOf('>', figure.indexOf("<script")) + 1;
            String json = figure.substring(start, figure.indexOf("</script>")).replace("<\\/", "</");
            out.add(JSON.readTree(json));
        }
        return out;
    }

    /** @return the names of an option's series */
    private static List<String> seriesNames(JsonNode option) {
        List<String> names = new ArrayList<>();
        option.get("series").forEach(s -> names.add(s.get("name").asText()));
        return names;
    }

    @ParameterizedTest
    @ValueSource(strings = {"covariance", "mahalanobis", "cluster", "cluster-hdbscan", "fit-gaussian", "fit-mixture"})
    void everyFigureIsDrawnInHeadlessChromium(String job, @TempDir Path work) throws Exception {
        HeadlessChromium.assertRendersWithFigures(shared.resolve(job).resolve("report.html"), work);
    }

    @Test
    void theHeatmapsHaveAColourBarEveryCellAndAClusteredOrder() throws IOException {
        List<JsonNode> figures = views(report("covariance"));
        assertEquals(3, figures.size(), "Pearson, Spearman, the spectrum");
        for (JsonNode heatmap : figures.subList(0, 2)) {
            assertEquals(
                    List.of("input order", "clustered order"),
                    List.of(
                            heatmap.get(0).get("name").asText(),
                            heatmap.get(1).get("name").asText()));
            JsonNode option = heatmap.get(0).get("option");
            assertEquals(-1, option.get("visualMap").get("min").asInt());
            assertEquals(1, option.get("visualMap").get("max").asInt());
            JsonNode cells = option.get("series").get(0).get("data");
            assertEquals(16, cells.size());
            // a dark cell's printed value is white, a pale one's dark
            assertEquals("1.00", cells.get(0).get("label").get("formatter").asText());
            assertEquals("#fff", cells.get(0).get("label").get("color").asText());
        }
        JsonNode clustered = figures.get(0).get(1).get("option").get("xAxis").get("data");
        // sepal_width is the one column negatively correlated with the rest: it ends up at an end
        String first = clustered.get(0).asText();
        String last = clustered.get(3).asText();
        assertTrue(first.equals("sepal_width") || last.equals("sepal_width"), clustered.toString());
        JsonNode spectrum = figures.get(2).get(0).get("option");
        assertEquals("log", spectrum.get("yAxis").get("type").asText());
        assertTrue(spectrum.get("yAxis").get("name").asText().startsWith("eigenvalue"));
        assertEquals("rank", spectrum.get("xAxis").get("name").asText());
    }

    @Test
    void theMahalanobisReportShowsTheThresholdTheOutliersAndTheirValues() throws IOException {
        String html = report("mahalanobis");
        List<JsonNode> figures = views(html);
        assertEquals(3, figures.size(), "QQ plot, histogram, scatter-plot matrix");
        JsonNode histogram = figures.get(1).get(0).get("option");
        double threshold = histogram
                .get("series")
                .get(0)
                .get("markLine")
                .get("data")
                .get(0)
                .get("xAxis")
                .asDouble();
        assertEquals(11.1433, threshold, 1e-3, "chi-square(4) quantile at 0.975");
        JsonNode matrix = figures.get(2).get(0).get("option");
        assertEquals(16, matrix.get("grid").size(), "4 x 4 panels");
        assertTrue(seriesNames(matrix).containsAll(List.of("inlier", "outlier")));
        // the table of the most outlying rows gives each row's values
        assertTrue(html.contains("<th>row_index</th><th>mahalanobis_sq</th><th>p_value</th><th>sepal_length</th>"));
    }

    @Test
    void theDendrogramShowsTheCutAndColoursTheClusters() throws IOException {
        List<JsonNode> figures = views(report("cluster"));
        assertEquals(2, figures.size(), "dendrogram, scatter-plot matrix");
        JsonNode dendrogram = figures.get(0).get(0).get("option");
        List<String> names = seriesNames(dendrogram);
        assertTrue(
                names.containsAll(List.of("cluster 1 by size", "cluster 2 by size", "above the cut")),
                names.toString());
        assertEquals(50, names.size(), "one series per drawn merge");
        JsonNode cut = null;
        for (JsonNode s : dendrogram.get("series")) {
            cut = s.has("markLine") ? s.get("markLine") : cut;
        }
        assertTrue(cut != null && cut.get("label").get("formatter").asText().equals("cut: k = 3"));
        assertEquals("merge distance", dendrogram.get("yAxis").get("name").asText());
        JsonNode leaves =
                dendrogram.get("xAxis").get("axisLabel").get("formatter").get("labels");
        assertEquals(51, leaves.size(), "the last 50 merges join 51 leaves");
        assertTrue(leaves.toString().contains("("), "leaves that are clusters give their size");
    }

    @Test
    void theCondensedTreeColoursTheSelectedClustersAndTheMatrixGreysTheNoise() throws IOException {
        List<JsonNode> figures = views(report("cluster-hdbscan"));
        assertEquals(2, figures.size(), "condensed tree, scatter-plot matrix");
        JsonNode tree = figures.get(0).get(0).get("option");
        assertEquals(
                List.of("cluster 1 by size", "cluster 2 by size", "not selected"),
                seriesNames(tree),
                "iris: 2 clusters");
        assertTrue(tree.get("yAxis").get("inverse").asBoolean(), "λ grows downwards");
        for (JsonNode s : tree.get("series")) {
            JsonNode bars = s.get("markArea").get("data");
            assertTrue(bars.size() > 0, s.get("name").asText());
            for (JsonNode bar : bars) {
                assertTrue(
                        bar.get(0).get("xAxis").asDouble()
                                < bar.get(1).get("xAxis").asDouble(),
                        "a bar has width");
                assertTrue(
                        bar.get(0).get("yAxis").asDouble()
                                < bar.get(1).get("yAxis").asDouble(),
                        "and height");
            }
        }
        JsonNode matrix = figures.get(1).get(0).get("option");
        assertTrue(seriesNames(matrix).containsAll(List.of("cluster 1 by size", "cluster 2 by size", "noise")));
    }

    @Test
    void theGaussianReportLabelsACurvePerGroupAndDrawsTheEllipses() throws IOException {
        List<JsonNode> figures = views(report("fit-gaussian"));
        assertEquals(2, figures.size(), "convergence, scatter-plot matrix");
        JsonNode curves = figures.get(0).get(0).get("option");
        assertEquals(List.of("setosa (lbfgs)", "versicolor (lbfgs)", "virginica (lbfgs)"), seriesNames(curves));
        JsonNode matrix = figures.get(1).get(0).get("option");
        long ellipses = 0;
        for (JsonNode s : matrix.get("series")) {
            ellipses += s.get("type").asText().equals("line") ? 1 : 0;
        }
        assertEquals(3 * 12, ellipses, "one per group in each of the 12 off-diagonal panels");
        assertFalse(seriesNames(matrix).contains("rows"));
    }

    @Test
    void theMixtureReportLabelsACurvePerStartAndDrawsEachComponentsEllipse() throws IOException {
        String html = report("fit-mixture");
        List<JsonNode> figures = views(html);
        assertEquals(2, figures.size(), "convergence, scatter-plot matrix");
        JsonNode curves = figures.get(0).get(0).get("option");
        assertEquals(List.of("start 0 (natural)", "start 1 (natural)"), seriesNames(curves));
        assertEquals("value", curves.get("yAxis").get("type").asText());
        JsonNode matrix = figures.get(1).get(0).get("option");
        long ellipses = 0;
        for (JsonNode s : matrix.get("series")) {
            ellipses += s.get("type").asText().equals("line") ? 1 : 0;
        }
        assertEquals(3 * 12, ellipses, "one per component in each of the 12 off-diagonal panels");
        assertTrue(seriesNames(matrix).containsAll(List.of("component 0", "component 1", "component 2")));
        assertTrue(html.contains(
                "<th>component</th><th>weight</th><th>rows (most likely)</th><th>mean sepal_length</th>"));
    }
}

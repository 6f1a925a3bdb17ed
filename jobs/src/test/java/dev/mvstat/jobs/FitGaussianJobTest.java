package dev.mvstat.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mvstat.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.mvstat.testing.Close.assertCloseRelative;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fit-gaussian job end to end: the reference MLE, groups, the outputs, and bad inputs. */
class FitGaussianJobTest {

    @TempDir
    Path tmp;

    private JobRunner.Result fit(String input, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "fit-gaussian", "--input", input, "--output", tmp.resolve("out").toString()));
        args.addAll(List.of(extra));
        return JobRunner.run(args.toArray(new String[0]));
    }

    private JsonNode gaussianJson() throws IOException {
        return new ObjectMapper().readTree(tmp.resolve("out/gaussian.json").toFile());
    }

    @Test
    void irisEqualsTheReferenceMleAndWritesEveryOutput() throws IOException {
        JobRunner.Result r = fit(TestData.csvFile("iris").toString(), "--optimizer", "lbfgs");
        assertEquals(0, r.exitCode(), r.stderr());
        JsonNode ref = TestData.reference("iris").get("gaussian_mle");
        JsonNode json = gaussianJson();
        assertTrue(json.get("converged").asBoolean());
        assertEquals(150, json.get("count").asLong());
        assertEquals(ref.get("mean_nll").asDouble(), json.get("mean_nll").asDouble(), 1e-6);
        assertCloseRelative(
                TestData.doubles(ref.get("covariance")), TestData.doubles(json.get("covariance")), 1e-3, "covariance");
        JsonNode closed = json.get("closed_form");
        assertEquals(ref.get("mean_nll").asDouble(), closed.get("mean_nll").asDouble(), 1e-12);
        assertCloseRelative(
                TestData.doubles(ref.get("covariance")),
                TestData.doubles(closed.get("covariance")),
                1e-12,
                "closed form");
        double gap = closed.get("gap").get("mean_nll").asDouble();
        assertTrue(gap > -1e-12 && gap < 1e-6, "gap " + gap);
        List<String> trace = Files.readAllLines(tmp.resolve("out/trace.csv"));
        assertEquals("step,epoch,batch_nll,full_nll,gradient_norm,learning_rate,event", trace.get(0));
        assertEquals(json.get("steps").asInt(), trace.size() - 1);
        for (String f : List.of("report.html", "summary.json", "_SUCCESS")) {
            assertTrue(Files.exists(tmp.resolve("out").resolve(f)), f);
        }
        assertTrue(Files.readString(tmp.resolve("out/report.html")).contains("<figure class=\"chart\">"));
    }

    @Test
    void groupByFitsEverySpecies() throws IOException {
        JobRunner.Result r = fit(TestData.csvFile("iris").toString(), "--group-by", "species", "--seed", "3");
        assertEquals(0, r.exitCode(), r.stderr());
        JsonNode groups = gaussianJson().get("groups");
        JsonNode ref = TestData.reference("iris").get("gaussian_mle_by_species");
        for (String species : List.of("setosa", "versicolor", "virginica")) {
            JsonNode g = groups.get(species);
            assertEquals(50, g.get("count").asLong());
            assertEquals(
                    Double.parseDouble(ref.get(species).get("mean_nll").asText()),
                    g.get("mean_nll").asDouble(),
                    1e-6);
            assertCloseRelative(
                    TestData.doubles(ref.get(species).get("covariance")),
                    TestData.doubles(g.get("covariance")),
                    1e-3,
                    species);
        }
    }

    @Test
    void fewerRowsThanColumnsPlusOneIsANumericalError() {
        String input =
                JobRunner.write(tmp, "in.csv", "a,b,c\n1,2,3\n2,1,5\n3,3,1\n").toString();
        JobRunner.assertFails(fit(input), 4, tmp.resolve("out"), "3 rows", "needs at least 4");
    }

    @Test
    void aGroupWithASingleRowIsANumericalError() {
        String input = JobRunner.write(tmp, "in.csv", "a,b,g\n1,2,x\n2,1,x\n3,3,x\n4,1,x\n5,5,y\n")
                .toString();
        JobRunner.assertFails(fit(input, "--group-by", "g"), 4, tmp.resolve("out"), "group 'y'", "1 rows");
    }

    @Test
    void onNoMleSkipLeavesOutAGroupWithASingleRowAndNamesIt() throws IOException {
        String input = JobRunner.write(tmp, "in.csv", "a,b,g\n1,2,x\n2,1,x\n3,3,x\n4,1,x\n5,5,y\n")
                .toString();
        JobRunner.Result r = fit(input, "--group-by", "g", "--on-no-mle", "skip", "--optimizer", "lbfgs");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals(List.of("x"), fieldNames(gaussianJson().get("groups")));
        JsonNode summary = CovarianceJobTest.json(tmp.resolve("out/summary.json"));
        assertEquals("[\"y\"]", summary.get("groups_left_out").toString());
        assertEquals(1, summary.get("groups_fitted").asInt());
        assertTrue(summary.get("warnings").toString().contains("group 'y': 1 rows"), summary.toString());
    }

    @Test
    void onNoMleSkipWithNoGroupLeftIsANumericalError() {
        String input =
                JobRunner.write(tmp, "in.csv", "a,b,g\n1,2,x\n2,1,x\n5,5,y\n").toString();
        JobRunner.assertFails(
                fit(input, "--group-by", "g", "--on-no-mle", "skip"),
                4,
                tmp.resolve("out"),
                "no group has a maximum-likelihood Gaussian");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "g"})
    void noValidRowIsAnInputError(String groupBy) {
        String input = JobRunner.write(tmp, "in.csv", "a,b,g\n1,x,u\ny,2,v\n").toString();
        List<String> args = new ArrayList<>(List.of("--on-invalid", "skip"));
        if (!groupBy.isEmpty()) {
            args.addAll(List.of("--group-by", groupBy));
        }
        JobRunner.assertFails(
                fit(input, args.toArray(new String[0])),
                3,
                tmp.resolve("out"),
                "in.csv: a Gaussian fit needs at least 1 valid row, found 0");
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void collinearColumnsAreANumericalError() {
        JobRunner.assertFails(
                fit(TestData.csvFile("collinear").toString()),
                4,
                tmp.resolve("out"),
                "singular",
                "no maximum-likelihood Gaussian exists");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--batch-size|0|--batch-size must be a whole number of rows, at least 1, got '0'",
                "--batch-size|151|--batch-size 151 is larger than the data, 150 valid rows",
                "--learning-rate|0|--learning-rate must be a positive number, got '0'",
                "--learning-rate|-1|--learning-rate must be a positive number",
                "--epochs|0|--epochs must be a whole number, at least 1",
                "--tolerance|nan|--tolerance must be a positive number",
                "--optimizer|newton|--optimizer must be one of adam|sgd|lbfgs",
                "--on-no-mle|ignore|--on-no-mle must be one of fail|skip"
            })
    void badOptionsAreUsageErrors(String option, String value, String message) {
        JobRunner.assertFails(fit(TestData.csvFile("iris").toString(), option, value), 2, tmp.resolve("out"), message);
    }
}

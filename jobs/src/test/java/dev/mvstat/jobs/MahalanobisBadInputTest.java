package dev.mvstat.jobs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad models, options and inputs of the mahalanobis job: the exit code and one line naming the fault. */
class MahalanobisBadInputTest {

    @TempDir
    Path tmp;

    private static final String MODEL = """
            {"format": "mvstat.covariance", "version": 1, "columns": ["a", "b"], "count": 5,
             "mean": [1.0, 2.0], "covariance": [[2.0, 0.5], [0.5, 1.0]]}
            """;

    private void assertFails(int exitCode, String fragment, String... args) {
        List<String> all = new ArrayList<>(
                List.of("mahalanobis", "--output", tmp.resolve("out").toString()));
        all.addAll(List.of(args));
        JobRunner.assertFails(JobRunner.run(all.toArray(new String[0])), exitCode, tmp.resolve("out"), fragment);
    }

    private String input() {
        return JobRunner.write(tmp, "in.csv", "a,b\n1,2\n2,1\n4,5\n3,3\n").toString();
    }

    private String model(String text) {
        return JobRunner.write(tmp, "model.json", text).toString();
    }

    @Test
    void modelFileMissing() {
        assertFails(
                3,
                "model file not found",
                "--input",
                input(),
                "--model",
                tmp.resolve("none.json").toString());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{ not json|is not valid JSON",
                "[1, 2]|expected a JSON object",
                "{\"format\": \"other\", \"version\": 1}|expected format 'mvstat.covariance', actual 'other'",
                "{\"format\": \"mvstat.covariance\", \"version\": 2}|expected version 1, actual 2"
            })
    void modelFileCorruptOrOfAnotherFormatOrVersion(String text, String fragment) {
        assertFails(3, fragment, "--input", input(), "--model", model(text));
    }

    @Test
    void modelWithNaNOrNull() {
        assertFails(
                3,
                "covariance[1][0] is null, expected a finite number",
                "--input",
                input(),
                "--model",
                model(MODEL.replace("[0.5, 1.0]", "[null, 1.0]")));
        assertFails(
                3,
                "mean[1] is \"NaN\", expected a finite number",
                "--input",
                input(),
                "--model",
                model(MODEL.replace("[1.0, 2.0]", "[1.0, \"NaN\"]")));
    }

    @Test
    void modelColumnMissingFromTheInput() {
        String other = JobRunner.write(tmp, "other.csv", "a,c\n1,2\n2,1\n4,5\n").toString();
        assertFails(3, "the model's column 'b' is not a column of", "--input", other, "--model", model(MODEL));
    }

    @Test
    void modelColumnsMatchedByNameInAnyOrder() {
        String swapped =
                JobRunner.write(tmp, "swapped.csv", "b,a\n2,1\n1,2\n5,4\n3,3\n").toString();
        JobRunner.Result r = JobRunner.run(
                "mahalanobis",
                "--input",
                swapped,
                "--model",
                model(MODEL),
                "--output",
                tmp.resolve("out").toString());
        assertEquals(0, r.exitCode(), r.stderr());
        // row (a, b) = (1, 2) is the model's mean
        var rows = MahalanobisJobTest.scores(tmp.resolve("out"));
        assertEquals(0.0, rows.get(0).getDouble(rows.get(0).fieldIndex("mahalanobis_sq")), 1e-15);
    }

    /** The model with its covariance in a .npy file beside it, as a wide model has it. */
    private String modelWithCovarianceFile(double[] covariance, int d) throws IOException {
        Files.write(tmp.resolve("cov.npy"), NpyTest.npy(covariance, d));
        return model(MODEL.replace("\"covariance\": [[2.0, 0.5], [0.5, 1.0]]", "\"covariance_file\": \"cov.npy\""));
    }

    @Test
    void modelCovarianceReadFromTheFileItNames() throws IOException {
        String in = input();
        assertEquals(
                0,
                JobRunner.run(
                                "mahalanobis",
                                "--input",
                                in,
                                "--model",
                                model(MODEL),
                                "--output",
                                tmp.resolve("inline").toString())
                        .exitCode());
        String named = modelWithCovarianceFile(new double[] {2.0, 0.5, 0.5, 1.0}, 2);
        assertTrue(Files.readString(Path.of(named)).contains("covariance_file"));
        JobRunner.Result r = JobRunner.run(
                "mahalanobis",
                "--input",
                in,
                "--model",
                named,
                "--output",
                tmp.resolve("file").toString());
        assertEquals(0, r.exitCode(), r.stderr());
        var inline = MahalanobisJobTest.scores(tmp.resolve("inline"));
        var file = MahalanobisJobTest.scores(tmp.resolve("file"));
        for (int i = 0; i < inline.size(); i++) {
            assertEquals(
                    inline.get(i).getDouble(inline.get(i).fieldIndex("mahalanobis_sq")),
                    file.get(i).getDouble(file.get(i).fieldIndex("mahalanobis_sq")),
                    "row " + i);
        }
    }

    @Test
    void modelCovarianceFileMissingOfAnotherShapeOrNotFinite() throws IOException {
        String named = modelWithCovarianceFile(new double[9], 3);
        assertFails(3, "expected shape (2, 2), actual (3, 3)", "--input", input(), "--model", named);
        named = modelWithCovarianceFile(new double[] {2.0, 0.5, Double.NaN, 1.0}, 2);
        assertFails(3, "covariance[1][0] in ", "--input", input(), "--model", named);
        Files.delete(tmp.resolve("cov.npy"));
        assertFails(3, "covariance file not found", "--input", input(), "--model", named);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--alpha|0|--alpha must be a number in (0, 1), got '0'",
                "--alpha|1.5|--alpha must be a number in (0, 1)",
                "--regularization|ridge:-0.1|ridge lambda must be a finite number >= 0",
                "--regularization|tikhonov|regularization must be none, ridge:<lambda>, ledoit-wolf or oas",
                "--output-format|xlsx|--output-format"
            })
    void badOptions(String option, String value, String fragment) {
        assertFails(2, fragment, "--input", input(), option, value);
    }

    @Test
    void ledoitWolfNeedsTheTrainingRows() {
        assertFails(
                2,
                "ledoit-wolf needs the training rows",
                "--input",
                input(),
                "--model",
                model(MODEL),
                "--regularization",
                "ledoit-wolf");
    }

    @Test
    void inputErrorsOfTheCovarianceJobApplyHereToo() {
        assertFails(3, "input not found", "--input", tmp.resolve("nope.csv").toString());
        String bad = JobRunner.write(tmp, "bad.csv", "a,b\n1,2\n3,x\n5,6\n").toString();
        assertFails(3, "row 2, column 'b': 'x' is not a number", "--input", bad);
        String one = JobRunner.write(tmp, "one.csv", "a,b\n1,2\n").toString();
        assertFails(3, "at least 2 valid rows", "--input", one);
    }

    @Test
    void invalidRowStopsScoringWithAModelToo() {
        String bad = JobRunner.write(tmp, "bad.csv", "a,b\n1,2\n3,x\n5,6\n").toString();
        assertFails(3, "bad.csv row 2, column 'b': 'x' is not a number", "--input", bad, "--model", model(MODEL));
    }

    @Test
    void constantColumnIsNamed() {
        String constant = JobRunner.write(tmp, "const.csv", "a,b,c\n1,7,2\n2,7,1\n4,7,5\n3,7,3\n")
                .toString();
        assertFails(4, "constant columns: b", "--input", constant);
    }
}

package dev.mvstat.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mvstat.testing.SparkTestSession;
import dev.mvstat.testing.TestData;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each bad input: the documented exit code and one line naming the file, row, column or value. */
class CovarianceBadInputTest {

    @TempDir
    Path tmp;

    private JobRunner.Result covariance(Path input, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "covariance",
                "--input",
                input.toString(),
                "--output",
                tmp.resolve("out").toString()));
        args.addAll(List.of(extra));
        return JobRunner.run(args.toArray(new String[0]));
    }

    /** Exactly one line, which contains every fragment; and no output directory left behind. */
    private void assertFails(JobRunner.Result r, int exitCode, String... fragments) {
        JobRunner.assertFails(r, exitCode, tmp.resolve("out"), fragments);
    }

    @Test
    void missingFile() {
        assertFails(covariance(tmp.resolve("nope.csv")), 3, "input not found", "nope.csv");
    }

    @Test
    void emptyFile() {
        assertFails(covariance(JobRunner.write(tmp, "empty.csv", "")), 3, "empty.csv", "empty");
    }

    @Test
    void headerOnly() {
        assertFails(covariance(JobRunner.write(tmp, "header.csv", "a,b\n")), 3, "header.csv", "no data rows");
    }

    @Test
    void oneDataRow() {
        assertFails(covariance(JobRunner.write(tmp, "one.csv", "a,b\n1,2\n")), 3, "at least 2 valid rows, found 1");
    }

    @Test
    void nonNumericValueInASelectedColumn() {
        Path input = JobRunner.write(tmp, "bad.csv", "a,b\n1,2\n3,4\n5,oops\n7,8\n");
        assertFails(
                covariance(input, "--columns", "a,b"), 3, "bad.csv", "row 3", "column 'b'", "'oops' is not a number");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "NaN|row 2|non-finite value 'NaN'",
                "Infinity|row 2|non-finite value 'Infinity'",
                "-Infinity|row 2|non-finite value '-Infinity'",
                "|row 2|empty or null cell"
            })
    void nonFiniteNullOrEmptyCells(String cell, String row, String reason) {
        Path input = JobRunner.write(tmp, "cells.csv", "a,b\n1,2\n3," + (cell == null ? "" : cell) + "\n5,6\n7,8\n");
        assertFails(covariance(input), 3, "cells.csv", row, "column 'b'", reason);
    }

    @Test
    void blankCellInJsonIsNull() throws IOException {
        Path input = JobRunner.write(tmp, "rows.json", "{\"a\":1,\"b\":2}\n{\"a\":2}\n{\"a\":3,\"b\":1}\n");
        assertFails(covariance(input), 3, "row 2", "column 'b'", "empty or null cell");
    }

    @Test
    void columnsOptionNamesAMissingColumn() {
        assertFails(
                covariance(TestData.csvFile("iris"), "--columns", "sepal_length,petal_size"),
                2,
                "'petal_size'",
                "sepal_width");
    }

    @Test
    void noNumericColumn() {
        Path input = JobRunner.write(tmp, "words.csv", "name,colour\nann,red\nbob,blue\n");
        assertFails(covariance(input), 3, "words.csv", "no numeric column");
    }

    @Test
    void duplicateColumnNames() {
        Path input = JobRunner.write(tmp, "dup.csv", "a,b,a\n1,2,3\n4,5,6\n7,8,10\n");
        assertFails(covariance(input), 3, "dup.csv", "duplicate column name 'a'");
    }

    @Test
    void outputDirectoryExists() throws IOException {
        Files.createDirectories(tmp.resolve("out"));
        Files.writeString(tmp.resolve("out").resolve("keep.txt"), "precious");
        JobRunner.Result r = covariance(TestData.csvFile("iris"));
        assertEquals(2, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("exists and is not empty"), r.stderr());
        assertEquals("precious", Files.readString(tmp.resolve("out").resolve("keep.txt")));
        assertEquals(0, covariance(TestData.csvFile("iris"), "--overwrite").exitCode());
        assertFalse(Files.exists(tmp.resolve("out").resolve("keep.txt")));
        assertTrue(Files.exists(tmp.resolve("out").resolve("_SUCCESS")));
    }

    @Test
    void unknownOptionAndBadChoice() {
        assertFails(covariance(TestData.csvFile("iris"), "--colums", "a"), 2, "unknown option --colums");
        assertFails(covariance(TestData.csvFile("iris"), "--correlation", "kendall"), 2, "--correlation", "kendall");
    }

    @Test
    void moreColumnsThanRowsWorksAndReportsTheRank() throws IOException {
        Path input = JobRunner.write(tmp, "wide.csv", "a,b,c,d,e\n1,2,3,4,5\n2,1,0,3,3\n4,4,1,0,2\n");
        JobRunner.Result r = covariance(input);
        assertEquals(0, r.exitCode(), r.stderr());
        JsonNode model = new ObjectMapper()
                .readTree(tmp.resolve("out").resolve("model.json").toFile());
        assertFalse(model.get("positive_definite").asBoolean());
        assertEquals(2, model.get("rank").asInt());
        assertTrue(new ObjectMapper()
                .readTree(tmp.resolve("out").resolve("summary.json").toFile())
                .get("warnings")
                .toString()
                .contains("not positive definite"));
    }

    @Test
    void skipKeepsRejectedRowsWithAReason() throws IOException {
        Path input = JobRunner.write(tmp, "mixed.csv", "id,a,b\nr1,1,2\nr2,3,x\nr3,5,6\nr4,NaN,1\nr5,7,9\n");
        JobRunner.Result r = covariance(input, "--on-invalid", "skip", "--columns", "a,b");
        assertEquals(0, r.exitCode(), r.stderr());
        Path out = tmp.resolve("out");
        JsonNode summary =
                new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertEquals(5, summary.get("rows_read").asLong());
        assertEquals(3, summary.get("rows_used").asLong());
        assertEquals(2, summary.get("rows_rejected").asLong());
        List<Row> rejected = SparkTestSession.get()
                .read()
                .option("header", "true")
                .csv(out.resolve("rejected").toString())
                .orderBy("id")
                .collectAsList();
        assertEquals(2, rejected.size());
        assertEquals("r2", rejected.get(0).getString(0));
        assertEquals("x", rejected.get(0).getString(2));
        assertEquals("column 'b': 'x' is not a number", rejected.get(0).getString(3));
        assertEquals("r4", rejected.get(1).getString(0));
        assertTrue(rejected.get(1).getString(3).contains("column 'a'"));
        assertEquals(
                3,
                new ObjectMapper()
                        .readTree(out.resolve("model.json").toFile())
                        .get("count")
                        .asLong());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {";|;", "tab|'\t'"})
    void skipWritesRejectedRowsWithTheInputsDelimiter(String option, String delimiter) throws IOException {
        Path input = JobRunner.write(
                tmp,
                "mixed.csv",
                String.join("\n", "id;a;b", "r1;1;2", "r2;3;x", "r3;5;6", "r4;7;9", "")
                        .replace(";", delimiter));
        JobRunner.Result r = covariance(input, "--on-invalid", "skip", "--columns", "a,b", "--delimiter", option);
        assertEquals(0, r.exitCode(), r.stderr());
        List<String> lines = new ArrayList<>();
        try (var parts = Files.newDirectoryStream(tmp.resolve("out").resolve("rejected"), "part-*.csv")) {
            for (Path part : parts) {
                lines.addAll(Files.readAllLines(part));
            }
        }
        assertEquals(
                List.of("id;a;b;reason", "r2;3;x;column 'b': 'x' is not a number").stream()
                        .map(line -> line.replace(";", delimiter))
                        .toList(),
                lines);
    }

    @Test
    void invalidCellInALaterFileOfADirectoryNamesThatFileAndRow() {
        Path dir = tmp.resolve("parts");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JobRunner.write(dir, "a.csv", "x,y\n1,2\n2,3\n3,5\n4,4\n5,1\n6,9\n");
        JobRunner.write(dir, "b.csv", "x,y\n7,1\n8,2\n9,bad\n");
        assertFails(covariance(dir), 3, "b.csv row 3", "column 'y'", "'bad' is not a number");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"3,4,5|3 fields where the header has 2 fields", "3|1 field where the header has 2 fields"})
    void csvRecordWithMoreOrFewerFieldsThanTheHeader(String line, String reason) {
        Path input = JobRunner.write(tmp, "fields.csv", "a,b\n1,2\n" + line + "\n5,7\n6,1\n");
        assertFails(covariance(input), 3, "fields.csv row 2", "malformed CSV record: " + reason);
    }

    @Test
    void skipSetsMalformedCsvRecordsAsideUnchanged() throws IOException {
        Path input = JobRunner.write(tmp, "fields.csv", "id,a,b\nr1,1,2\nr2,3,4,5\nr3,5,7\nr4,6,1\n");
        JobRunner.Result r = covariance(input, "--on-invalid", "skip", "--columns", "a,b");
        assertEquals(0, r.exitCode(), r.stderr());
        List<Row> rejected = SparkTestSession.get()
                .read()
                .option("header", "true")
                .csv(tmp.resolve("out").resolve("rejected").toString())
                .collectAsList();
        assertEquals(1, rejected.size());
        assertEquals(
                List.of("id", "a", "b", "reason"),
                List.of(rejected.get(0).schema().fieldNames()));
        assertEquals("r2", rejected.get(0).getString(0));
        assertEquals(
                "malformed CSV record: 4 fields where the header has 3 fields",
                rejected.get(0).getString(3));
        assertEquals(
                3,
                new ObjectMapper()
                        .readTree(tmp.resolve("out").resolve("model.json").toFile())
                        .get("count")
                        .asLong());
    }

    @Test
    void malformedJsonLine() {
        Path input = JobRunner.write(
                tmp, "rows.json", "{\"a\":1,\"b\":2}\n{\"a\":2,\"b\":5}\n{\"a\":3,\n" + "{\"a\":4,\"b\":1}\n");
        assertFails(covariance(input), 3, "rows.json row 3", "malformed JSON record");
    }

    @Test
    void javaNumberLiteralsAreNotNumbers() {
        Path input = JobRunner.write(tmp, "literals.csv", "a,b\n1,2\n3,4f\n5,6\n");
        assertFails(covariance(input, "--columns", "a,b"), 3, "row 2", "'4f' is not a number");
    }

    @Test
    void headerNamesThatDifferOnlyInCaseAreDuplicates() {
        Path input = JobRunner.write(tmp, "case.csv", "x,X\n1,2\n3,4\n5,7\n");
        assertFails(covariance(input), 3, "duplicate column name 'X'");
    }

    @Test
    void optionsThatContradictEachOther() {
        Path input = JobRunner.write(tmp, "ids.csv", "id,a,b\n1,1,2\n2,3,4\n3,5,7\n");
        assertFails(covariance(input, "--columns", "a,a"), 2, "'a' twice");
        assertFails(covariance(input, "--id-column", "key"), 2, "--id-column 'key'");
        assertFails(covariance(input, "--id-column", "id", "--columns", "id,a"), 2, "never data");
        assertFails(covariance(input, "--format", "xlsx"), 2, "--format");
    }

    @Test
    void outputMustNotContainTheInput() {
        Path input = JobRunner.write(tmp, "in.csv", "a,b\n1,2\n3,4\n5,7\n");
        JobRunner.Result r =
                JobRunner.run("covariance", "--input", input.toString(), "--output", tmp.toString(), "--overwrite");
        assertEquals(2, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("is or contains the input"), r.stderr());
        assertTrue(Files.exists(input));
    }

    @Test
    void overflowingValuesAreANumericalError() {
        Path input = JobRunner.write(tmp, "huge.csv", "a,b\n1e200,1\n-1e200,2\n3e200,4\n");
        assertFails(covariance(input), 4, "numerical error", "column 'a'", "overflows");
    }

    @Test
    void skipWithParquetInputWritesParquetRejectedRows() throws IOException {
        var spark = SparkTestSession.get();
        var rows = List.of(
                RowFactory.create(1.0, 2.0),
                RowFactory.create(Double.NaN, 1.0),
                RowFactory.create(3.0, 5.0),
                RowFactory.create(4.0, 4.0));
        var schema = new StructType().add("a", "double").add("b", "double");
        spark.createDataFrame(rows, schema)
                .coalesce(1)
                .write()
                .parquet(tmp.resolve("in.parquet").toString());
        JobRunner.Result r = covariance(tmp.resolve("in.parquet"), "--on-invalid", "skip");
        assertEquals(0, r.exitCode(), r.stderr());
        List<Row> rejected = spark.read()
                .parquet(tmp.resolve("out").resolve("rejected").toString())
                .collectAsList();
        assertEquals(1, rejected.size());
        assertTrue(Double.isNaN(rejected.get(0).getDouble(0)));
        assertEquals("column 'a': non-finite value NaN", rejected.get(0).getString(2));
        JsonNode summary = new ObjectMapper()
                .readTree(tmp.resolve("out").resolve("summary.json").toFile());
        assertEquals(1, summary.get("rows_rejected").asLong());
        assertTrue(summary.get("warnings").toString().contains("1 invalid rows skipped"));
    }
}

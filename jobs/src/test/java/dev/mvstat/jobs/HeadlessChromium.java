package dev.mvstat.jobs;

import dev.mvstat.jobs.report.HtmlReport;
import org.junit.jupiter.api.Assumptions;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks a report.html in headless Chromium (Debian package {@code chromium}): the page loads from
 * the file system alone, every figure is drawn as an SVG with marks in it, and the screenshot is
 * neither blank nor only text. Skips the calling test when no Chromium is installed, unless
 * {@code MVSTAT_REQUIRE_BROWSER} is set, as CI sets it after installing the package.
 */
final class HeadlessChromium {

    private HeadlessChromium() {}

    /** Fewest SVG paths a drawn figure has: its axes alone make several, its marks the rest. */
    private static final int MARKS = 12;

    /**
     * Checks that every figure of the page is drawn, and that a screenshot of it shows text and
     * coloured figures.
     *
     * @param work an empty directory for the browser's profile and the screenshot
     * @return the screenshot
     */
    static Path assertRendersWithFigures(Path report, Path work) throws IOException, InterruptedException {
        String browser = browser();
        int figures = HtmlReport.figures(Files.readString(report)).size();
        assertTrue(figures > 0, "the page has figures");
        Path dom = work.resolve("dom.html");
        run(browser, work, List.of("--dump-dom", report.toUri().toString()), dom);
        String[] drawn = Files.readString(dom).split("<figure class=\"chart\">", -1);
        assertEquals(figures + 1, drawn.length, "figures in the page as the browser has it");
        for (int f = 1; f < drawn.length; f++) {
            String figure = drawn[f].substring(0, drawn[f].indexOf("</figure>"));
            String caption = figure.substring(figure.indexOf("<figcaption>"));
            assertTrue(figure.contains("<svg"), "figure " + f + " drawn as SVG: " + caption);
            int paths = figure.split("<path", -1).length - 1;
            assertTrue(paths >= MARKS, "figure " + f + " has " + paths + " paths: " + caption);
        }
        Path shot = work.resolve("screenshot.png");
        run(
                browser,
                work,
                List.of(
                        "--window-size=1280,2400",
                        "--screenshot=" + shot,
                        report.toUri().toString()),
                null);
        BufferedImage image = ImageIO.read(shot.toFile());
        int total = image.getWidth() * image.getHeight();
        int inked = 0;
        int coloured = 0;
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                int r = rgb >> 16;
                int g = (rgb >> 8) & 0xFF;
                int b = rgb & 0xFF;
                colours.add(rgb);
                if (r + g + b < 3 * 230) {
                    inked++;
                }
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 60) {
                    coloured++; // text and table rules are grey; figures have colour
                }
            }
        }
        assertTrue(inked > total / 100, "not blank: " + inked + " of " + total + " pixels inked");
        assertTrue(coloured > 500, "figures drawn: " + coloured + " coloured pixels");
        assertTrue(colours.size() > 20, colours.size() + " distinct colours");
        return shot;
    }

    /**
     * Runs headless Chromium on a page, with a fresh profile and no network use of its own, giving
     * the page's scripts time to draw.
     *
     * @param output where its standard output goes, or null to discard it
     */
    private static void run(String browser, Path work, List<String> arguments, Path output)
            throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(work, "chromium-profile");
        List<String> command = new ArrayList<>(List.of(
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--virtual-time-budget=10000",
                "--user-data-dir=" + profile));
        command.addAll(arguments);
        Process p = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectOutput(
                        output == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(output.toFile()))
                .start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "Chromium did not finish within 2 minutes");
        assertEquals(0, p.exitValue(), "Chromium's exit code");
    }

    /** The Chromium executable: {@code $CHROMIUM}, or {@code chromium} / {@code chromium-browser} on the PATH. */
    private static String browser() {
        String path = System.getenv().getOrDefault("PATH", "");
        List<String> candidates = System.getenv("CHROMIUM") != null
                ? List.of(System.getenv("CHROMIUM"))
                : Stream.of(path.split(File.pathSeparator))
                        .flatMap(dir -> Stream.of(Path.of(dir, "chromium"), Path.of(dir, "chromium-browser")))
                        .filter(Files::isExecutable)
                        .map(Path::toString)
                        .toList();
        boolean required = System.getenv("MVSTAT_REQUIRE_BROWSER") != null;
        if (candidates.isEmpty() && required) {
            throw new AssertionError("MVSTAT_REQUIRE_BROWSER is set but no chromium is installed");
        }
        Assumptions.assumeFalse(candidates.isEmpty(), "no chromium installed (apt-get install chromium)");
        return candidates.get(0);
    }
}

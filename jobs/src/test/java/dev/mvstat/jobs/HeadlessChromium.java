package dev.mvstat.jobs;

import org.junit.jupiter.api.Assumptions;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * the file system alone and its figures are drawn, so the screenshot is neither blank nor only
 * text. Skips the calling test when no Chromium is installed, unless {@code MVSTAT_REQUIRE_BROWSER}
 * is set, as CI sets it after installing the package.
 */
final class HeadlessChromium {

    private HeadlessChromium() {}

    /**
     * Takes a screenshot of the page and checks that it shows text and coloured figures.
     *
     * @param work an empty directory for the browser's profile and the screenshot
     */
    static void assertRendersWithFigures(Path report, Path work) throws IOException, InterruptedException {
        String browser = browser();
        Path shot = work.resolve("screenshot.png");
        Path profile = Files.createDirectories(work.resolve("chromium-profile"));
        Process p = new ProcessBuilder(
                        browser,
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--user-data-dir=" + profile,
                        "--window-size=1200,1600",
                        "--screenshot=" + shot,
                        report.toUri().toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "Chromium did not finish within 2 minutes");
        assertEquals(0, p.exitValue(), "Chromium's exit code");
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

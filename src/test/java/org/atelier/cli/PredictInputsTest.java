package org.atelier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.atelier.testing.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What predict makes of awkward folders and outputs: the rules `predict --runner spark` shares. */
@Tag("slow")
class PredictInputsTest {
    @TempDir
    static Path tmp;
    static Path run;

    @BeforeAll
    static void trainTinyRun() {
        run = tmp.resolve("run");
        DataCommandTest.Result r = DataCommandTest.run("train", "--epochs", "1", "--train-limit", "500",
                "--validation-limit", "200", "--run-dir", run.toString(), "--data", TestData.dataDir().toString());
        assertEquals(0, r.exitCode(), r.err());
    }

    private static void png(Path file, int value) throws Exception {
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 8; y < 20; y++) {
            for (int x = 8; x < 20; x++) {
                image.getRaster().setSample(x, y, 0, value);
            }
        }
        ImageIO.write(image, file.getFileName().toString().endsWith(".png") ? "png" : "jpg", file.toFile());
    }

    /** The id of each row as the CSV has it: quoted where RFC 4180 quotes it. */
    private static List<String> ids(String csv) {
        return csv.lines().skip(1).map(PredictInputsTest::firstField).toList();
    }

    private static String firstField(String line) {
        if (!line.startsWith("\"")) {
            return line.substring(0, line.indexOf(','));
        }
        int from = 1;
        while (line.startsWith("\"\"", line.indexOf('"', from))) {
            from = line.indexOf('"', from) + 2;
        }
        return line.substring(0, line.indexOf('"', from) + 1);
    }

    @Test
    void aFoldersSubfoldersAndALinkBackUpAreCountedNotEnteredAndIdsAreFileNames() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("loop"));
        png(folder.resolve("a.png"), 200);
        png(folder.resolve("a.jpg"), 120);
        png(folder.resolve("say \"hi\".png"), 90);
        Files.createDirectories(folder.resolve("nested"));
        png(folder.resolve("nested/inner.png"), 150);
        Files.createSymbolicLink(folder.resolve("nested/up"), Path.of(".."));
        Files.createSymbolicLink(folder.resolve("link-to-nested"), Path.of("nested"));

        DataCommandTest.Result r = DataCommandTest.run("predict", run.toString(), folder.toString());

        assertEquals(0, r.exitCode(), r.err());
        assertEquals("atelier: warning: " + folder + ": 2 subfolders ignored (predict reads the images directly in a folder, "
                + "not in its subfolders)", r.err().lines().findFirst().orElseThrow());
        assertEquals(List.of("a.jpg", "a.png", "\"say \"\"hi\"\".png\""), ids(r.out()), "file names, extension and all, RFC 4180 quoting");
        assertTrue(r.out().lines().skip(1).allMatch(l -> l.matches(".*(,[01]\\.\\d{6}){11}")), "six decimals: " + r.out());
    }

    @Test
    void aZeroByteImageIsSkippedAsEmpty() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("zero"));
        png(folder.resolve("good.png"), 200);
        Path zero = Files.createFile(folder.resolve("zero.png"));

        DataCommandTest.Result r = DataCommandTest.run("predict", run.toString(), folder.toString());

        assertEquals(PredictCommand.EXIT_SOME_SKIPPED, r.exitCode(), r.err());
        assertEquals(List.of("atelier: skipped " + zero + ": empty file (0 bytes), not an image",
                "atelier: the network's own probabilities, not calibrated: the run has not been evaluated "
                        + "(`atelier evaluate` fits a temperature)"), r.err().strip().lines().toList());
        assertEquals(List.of("good.png"), ids(r.out()));
    }

    @Test
    void aFolderWithNoImagesIsOneLineAndExitOne() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Files.createDirectories(empty.resolve("sub"));
        Files.writeString(empty.resolve("notes.txt"), "not an image");

        DataCommandTest.Result r = DataCommandTest.run("predict", run.toString(), empty.toString());

        assertEquals(1, r.exitCode());
        assertEquals("atelier: " + empty + ": no images in this folder (PNG, JPEG, GIF or BMP files directly in it; "
                + "1 subfolder ignored)", r.err().strip());
        assertEquals("", r.out());
    }

    @Test
    void anUnwritableOutputIsOneLineNamingItAndWhy() throws Exception {
        Path image = tmp.resolve("one.png");
        png(image, 200);
        for (String output : List.of("/proc/predictions.csv", "/proc/no-such-folder/predictions.csv")) {
            DataCommandTest.Result r = DataCommandTest.run("predict", run.toString(), image.toString(), "-o", output);

            assertEquals(1, r.exitCode(), r.err());
            List<String> lines = r.err().strip().lines().toList();
            assertEquals(1, lines.size(), r.err());
            assertTrue(lines.get(0).startsWith("atelier: cannot write " + output + ": cannot create a file in /proc"), r.err());
            assertFalse(lines.get(0).contains(".tmp"), "the temp file is no concern of the user's: " + r.err());
        }
    }

    /** The output is checked before any input is read, so that long work is not lost to a bad -o at the end. */
    @Test
    void theOutputIsCheckedBeforeTheInputs() {
        Path missing = tmp.resolve("missing.png");
        DataCommandTest.Result r = DataCommandTest.run("predict", run.toString(), missing.toString(), "-o", "/proc/p.csv");

        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.err().strip().startsWith("atelier: cannot write /proc/p.csv: cannot create a file in /proc"), r.err());
        assertFalse(r.err().contains("missing.png"), r.err());
    }
}

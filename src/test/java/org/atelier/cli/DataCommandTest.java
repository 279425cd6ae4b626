package org.atelier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.atelier.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DataCommandTest {
    @TempDir
    Path tmp;

    record Result(int exitCode, String out, String err) {}

    static Result run(String... args) {
        // Commands given no --data find the tests' data: Debian's package, else the learnable synthetic set.
        TestData.dataDir();
        CommandLine cl = AtelierCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = AtelierCli.run(cl, args);
        return new Result(code, out.toString(), err.toString());
    }

    /** Exported files hold the images' exact pixels, and name their index and true class. */
    @Test
    void exportedImagesAreTheTrainingImagesAsPngFiles() throws IOException {
        Path data = TestData.writeDataset(tmp.resolve("data"), 10, 3, false);
        Path images = tmp.resolve("images");

        Result r = run("data", "--data", data.toString(), "--out", tmp.resolve("out").toString(), "--export-images",
                images.toString(), "--export-limit", "4");

        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("wrote 4 training images as PNG files into " + images), r.out());
        org.atelier.data.ImageSet train = org.atelier.data.FashionMnist.load(data).train();
        try (var files = java.nio.file.Files.list(images)) {
            List<Path> written = files.sorted().toList();
            assertEquals(4, written.size());
            for (int i = 0; i < 4; i++) {
                String cls = org.atelier.data.FashionClass.nameOf(train.label(i)).toLowerCase().replaceAll("[^a-z]+", "-");
                assertEquals(String.format("train-%05d-%s.png", i, cls), written.get(i).getFileName().toString());
                var png = javax.imageio.ImageIO.read(written.get(i).toFile());
                for (int p = 0; p < 784; p++) {
                    assertEquals(train.pixels()[i * 784 + p] & 0xff, png.getRaster().getSample(p % 28, p / 28, 0), "pixel " + p);
                }
            }
        }
        assertEquals(1, run("data", "--data", data.toString(), "--export-limit", "4").exitCode(), "a limit needs an export");
    }

    @Test
    void writesBothChartsAndTheSummary() throws IOException {
        Path data = TestData.writeDataset(tmp.resolve("data"), 10, 3, false);
        Path out = tmp.resolve("out");
        Result r = run("data", "--data", data.toString(), "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("wrote " + out.resolve("samples.png")), r.out());
        var samples = ImageIO.read(out.resolve("samples.png").toFile());
        var chart = ImageIO.read(out.resolve("class-distribution.png").toFile());
        assertTrue(samples.getWidth() > 300 && samples.getHeight() > 300);
        assertTrue(chart.getWidth() > 300);
        String summary = Files.readString(out.resolve("summary.txt"));
        assertTrue(summary.contains("9 Ankle boot") && summary.contains("total"), summary);
        // 10 per class, 20% to validation: 8 train, 2 validation, 3 test.
        assertTrue(summary.lines().anyMatch(l -> l.matches("6 Shirt\\s+8\\s+2\\s+3")), summary);
    }

    @Test
    void brokenFileGivesOneLineNoTraceAndNoOutput() throws IOException {
        Path data = TestData.writeDataset(tmp.resolve("data"), 2, 2, false);
        Path labels = data.resolve("train-labels-idx1-ubyte");
        byte[] bytes = Files.readAllBytes(labels);
        Files.write(labels, Arrays.copyOf(bytes, bytes.length - 5));
        Path out = tmp.resolve("out");

        Result r = run("data", "--data", data.toString(), "--out", out.toString());

        assertEquals(AtelierCli.EXIT_USER_ERROR, r.exitCode());
        assertEquals("atelier: " + labels + ": truncated: header promises 20 data bytes, file has 15", r.err().strip());
        assertFalse(r.err().contains("Exception"));
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void unknownOptionAndSubcommandExitWithUsage() {
        Result option = run("data", "--frobnicate");
        assertEquals(2, option.exitCode());
        // the message and where the options are listed, not the whole help
        assertEquals("atelier: Unknown option: '--frobnicate'\n('atelier data --help' lists the options)", option.err().strip());
        // an option given twice is refused, not the last taken (picocli's way inside argument groups)
        Result twice = run("train", "--epochs", "1", "--lr", "0.1", "--epochs", "2");
        assertEquals(2, twice.exitCode());
        assertEquals("atelier: --epochs is given 2 times (1, 2); give it once", twice.err().lines().findFirst().orElseThrow());
        Result alias = run("train", "--lr", "0.1", "--learning-rate", "0.2");
        assertEquals("atelier: --lr is given 2 times (0.1, 0.2); give it once", alias.err().lines().findFirst().orElseThrow());
        // a device that is none is refused as the command line is read: before the (here missing) data is looked for
        Result device = run("train", "--device", "tpu", "--data", "/nonexistent");
        assertEquals(2, device.exitCode());
        assertEquals("atelier: Invalid value for option '--device': expected one of [cpu, gpu, auto], got 'tpu'",
                device.err().lines().findFirst().orElseThrow());
        Result none = run();
        assertEquals(2, none.exitCode());
        assertTrue(none.err().startsWith("atelier: give a command: data, models, train, "), none.err());
        Result command = run("bake");
        assertEquals(2, command.exitCode());
        assertTrue(command.err().startsWith("atelier: unknown command 'bake'; the commands are data, "), command.err());
    }

    @Test
    void versionAndHelp() {
        Result v = run("--version");
        assertEquals(0, v.exitCode());
        assertTrue(v.out().startsWith("atelier "));
        assertTrue(run("--help").out().contains("data"));
        String study = run("study", "--help").out().replaceAll("\\s+", " ");
        assertTrue(study.contains("--only=NAME[,NAME...] Run only these experiments (comma-separated), of: baseline, cnn4b, "
                + "cnn4b-augment, cnn4b-class-weights, cnn4b-augment-tuned, miniresnet, cnn4b-augment-class-weights, "
                + "miniresnet-label-smoothing, miniresnet-bottleneck."), study);
    }

    /** picocli reads descriptions as format strings: a stray '%' is only a warning on stderr, and garbles the help. */
    @Test
    void everyCommandsHelpFormatsWithoutWarnings() {
        java.io.PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true));
        try {
            for (String command : AtelierCli.commandLine().getSubcommands().keySet()) {
                Result help = run(command, "--help");
                assertEquals(0, help.exitCode(), command);
            }
        } finally {
            System.setErr(stderr);
        }
        assertEquals("", captured.toString());
        assertTrue(run("train", "--help").out().contains("rectangle of 2-20% of"));
    }
}

package org.atelier.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.atelier.data.ImageSet;
import org.atelier.explain.GradCam;
import org.atelier.explain.HeatmapOverlay;
import org.atelier.models.ModelArchitecture;
import org.atelier.run.RunDirectory;
import org.atelier.run.TrainedModel;
import org.atelier.testing.TestData;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** predict --explain on real test images, with a run of every architecture. */
@Tag("slow")
class PredictExplainTest {
    private static final int IMAGES = 3;

    @TempDir
    Path tmp;

    private Path images() throws Exception {
        ImageSet test = TestData.real().test();
        Path dir = Files.createDirectories(tmp.resolve("images"));
        for (int i = 0; i < IMAGES; i++) {
            BufferedImage png = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            for (int p = 0; p < 784; p++) {
                png.getRaster().setSample(p % 28, p / 28, 0, test.pixels()[i * 784 + p] & 0xff);
            }
            ImageIO.write(png, "png", dir.resolve(String.format("item %d.png", i)).toFile());
        }
        return dir;
    }

    /** The baseline trained on 2,000 images for an epoch; every other model one step from its initialisation. */
    private Path train(ModelArchitecture architecture) {
        Path run = tmp.resolve(architecture.id());
        List<String> args = new ArrayList<>(List.of("train", "--model", architecture.id(), "--epochs", "1",
                "--run-dir", run.toString(), "--data", TestData.dataDir().toString()));
        args.addAll(architecture == ModelArchitecture.BASELINE
                ? List.of("--train-limit", "2000", "--validation-limit", "500")
                : List.of("--train-limit", "64", "--validation-limit", "64", "--batch-size", "64"));
        DataCommandTest.Result r = DataCommandTest.run(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.err());
        return run;
    }

    @Test
    void everyArchitectureGivesAPictureAndAMapInZeroToOnePerImage() throws Exception {
        Path images = images();
        for (ModelArchitecture architecture : ModelArchitecture.values()) {
            Path run = train(architecture);
            Path explain = tmp.resolve("explain-" + architecture.id());
            Path csv = tmp.resolve(architecture.id() + ".csv");

            DataCommandTest.Result r = DataCommandTest.run("predict", run.toString(), images.toString(), "-o", csv.toString(),
                    "--explain", explain.toString());

            assertEquals(0, r.exitCode(), architecture.id() + ": " + r.err());
            List<String> rows = Files.readAllLines(csv);
            try (Stream<Path> files = Files.list(explain)) {
                assertEquals(List.of("item_0.png", "item_1.png", "item_2.png"),
                        files.map(f -> f.getFileName().toString()).sorted().toList(), architecture.id());
            }
            float[] pixels = new float[IMAGES * 784];
            ImageSet test = TestData.real().test();
            for (int p = 0; p < pixels.length; p++) {
                pixels[p] = (test.pixels()[p] & 0xff) / 255f;
            }
            int[] labels = new int[IMAGES];
            for (int i = 0; i < IMAGES; i++) {
                assertTrue(rows.get(i + 1).startsWith("item " + i + ".png,"), rows.get(i + 1));
                labels[i] = Integer.parseInt(rows.get(i + 1).split(",")[1]);
            }
            float[][] maps;
            try (TrainedModel model = TrainedModel.load(RunDirectory.existing(run))) {
                maps = GradCam.maps(model.classifier().block(), pixels, IMAGES, labels);
                assertTrue(r.err().contains("atelier: 3 heatmaps written to " + explain + " (Grad-CAM of each predicted class, from the "
                        + "network's " + GradCam.target(model.classifier().block()).describe() + ")"), r.err());
            }
            if (architecture == ModelArchitecture.BASELINE) {
                assertTrue(r.err().contains("from the network's 11x11 map of 64 channels, after the network's last convolution)"), r.err());
            }
            int evidence = 0;
            for (int i = 0; i < IMAGES; i++) {
                BufferedImage picture = ImageIO.read(explain.resolve("item_" + i + ".png").toFile());
                assertEquals(28 * HeatmapOverlay.SCALE, picture.getWidth());
                assertEquals(28 * HeatmapOverlay.SCALE + HeatmapOverlay.CAPTION_PIXELS, picture.getHeight());
                float max = 0;
                for (float v : maps[i]) {
                    assertTrue(Float.isFinite(v) && v >= 0 && v <= 1, architecture.id() + ": " + v);
                    max = Math.max(max, v);
                }
                assertTrue(max == 0 || max == 1, architecture.id() + ": the map is scaled to its maximum, " + max);
                evidence += max > 0 ? 1 : 0;
                // the picture is the map of the class in the CSV over the image, each pixel an 8x8 square
                for (int p = 0; p < 784; p++) {
                    int x = (p % 28) * HeatmapOverlay.SCALE + 3;
                    int y = (p / 28) * HeatmapOverlay.SCALE + 3;
                    int expected = max > 0 ? HeatmapOverlay.blended(pixels[i * 784 + p], maps[i][p]) : HeatmapOverlay.grey(pixels[i * 784 + p]);
                    assertEquals(expected, picture.getRGB(x, y) & 0xffffff, architecture.id() + ", image " + i + ", pixel " + p);
                }
            }
            if (architecture == ModelArchitecture.BASELINE) {
                assertEquals(IMAGES, evidence, "the trained baseline finds evidence for its answer in each image");
                // the folder of the images themselves: their pictures' names are theirs, so nothing is written
                Path folder = Files.createDirectories(tmp.resolve("own"));
                Files.copy(images.resolve("item 0.png"), folder.resolve("item_0.png"));
                byte[] before = Files.readAllBytes(folder.resolve("item_0.png"));
                DataCommandTest.Result own = DataCommandTest.run("predict", run.toString(), folder.toString(), "-o",
                        tmp.resolve("own.csv").toString(), "--explain", folder.toString());
                assertEquals(1, own.exitCode(), own.err());
                assertEquals("atelier: --explain: " + folder.resolve("item_0.png") + " is one of the images predicted, which its "
                        + "picture would replace; give --explain another folder", own.err().strip());
                assertArrayEquals(before, Files.readAllBytes(folder.resolve("item_0.png")), "the image is untouched");
                assertFalse(Files.exists(tmp.resolve("own.csv")));
            }
        }
    }

    @Test
    void explainNeedsThePyTorchEngineAndTheLocalRunner() throws Exception {
        Path run = tmp.resolve("run");
        Files.createDirectories(run);
        DataCommandTest.Result onnx = DataCommandTest.run("predict", run.toString(), "x.png", "--engine", "onnxruntime",
                "--explain", tmp.resolve("out").toString());
        assertEquals(1, onnx.exitCode());
        assertEquals("atelier: --explain needs the PyTorch engine (gradients through the network): leave out --engine onnxruntime",
                onnx.err().strip());
        Files.writeString(run.resolve(RunDirectory.CONFIG), "{}");
        DataCommandTest.Result spark = DataCommandTest.run("predict", run.toString(), "images/", "--runner", "spark",
                "--explain", tmp.resolve("out").toString());
        assertEquals(1, spark.exitCode());
        assertEquals("atelier: --explain runs with the local runner: leave out --runner spark", spark.err().strip());
        assertFalse(Files.exists(tmp.resolve("out")));
        DataCommandTest.Result empty = DataCommandTest.run("predict", run.toString(), "x.png", "--explain", "");
        assertEquals(1, empty.exitCode());
        assertEquals("atelier: --explain needs a folder name", empty.err().strip());
    }
}

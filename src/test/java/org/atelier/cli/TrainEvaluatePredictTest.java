package org.atelier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.atelier.augmentation.AugmentConfig;
import org.atelier.augmentation.Fill;
import org.atelier.config.TrainConfig;
import org.atelier.data.FashionMnist;
import org.atelier.data.ImageSet;
import org.atelier.run.RunDirectory;
import org.atelier.run.TrainedModel;
import org.atelier.testing.TestData;
import org.atelier.util.Json;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands as a user runs them, on real data: train, then evaluate, then predict. */
@Tag("slow")
class TrainEvaluatePredictTest {
    @TempDir
    Path tmp;

    private Path trainSmallRun() {
        Path run = tmp.resolve("run");
        DataCommandTest.Result r = DataCommandTest.run("train", "--epochs", "2", "--train-limit", "2000",
                "--validation-limit", "500", "--run-dir", run.toString(), "--data", TestData.dataDir().toString());
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = r.out().strip().lines().toList();
        assertEquals(run.toString(), lines.get(lines.size() - 1), "the run directory is printed last");
        return run;
    }

    @Test
    void runDirectoryHoldsEveryArtifactAndEvaluateAddsTestResults() throws Exception {
        Path run = trainSmallRun();
        for (String f : List.of(RunDirectory.CONFIG, RunDirectory.HISTORY, RunDirectory.BEST_PARAMS, RunDirectory.LAST_PARAMS,
                RunDirectory.CHECKPOINT, RunDirectory.METRICS, RunDirectory.CURVES, RunDirectory.SUMMARY, RunDirectory.REPORT)) {
            assertTrue(Files.isRegularFile(run.resolve(f)), f);
        }
        ObjectNode metrics = Json.read(run.resolve(RunDirectory.METRICS), ObjectNode.class);
        for (String key : List.of("val_accuracy", "best_epoch", "params", "train_seconds", "train_images_per_second")) {
            assertTrue(metrics.has(key), key);
        }
        assertEquals(225_034, metrics.get("params").asLong());
        assertEquals(3, Files.readAllLines(run.resolve(RunDirectory.HISTORY)).size(), "header and two epochs");

        DataCommandTest.Result eval = DataCommandTest.run("evaluate", run.toString(), "--data", TestData.dataDir().toString());
        assertEquals(0, eval.exitCode(), eval.err());
        assertTrue(eval.out().contains("6 Shirt"));
        ObjectNode after = Json.read(run.resolve(RunDirectory.METRICS), ObjectNode.class);
        double testAccuracy = after.get("test_accuracy").asDouble();
        assertTrue(testAccuracy > 0.6 && testAccuracy < 1, "well above chance (0.1) after 16 steps: " + testAccuracy);
        assertEquals("none", after.get("tta").asText(), "no mirror views for a model trained without flips");
        DataCommandTest.Result flipped = DataCommandTest.run("evaluate", run.toString(), "--tta", "shift-flip");
        assertEquals(0, flipped.exitCode(), flipped.err());
        ObjectNode withViews = Json.read(run.resolve(RunDirectory.METRICS), ObjectNode.class);
        assertEquals("shift-flip", withViews.get("tta").asText());
        assertEquals(testAccuracy, withViews.get("test_accuracy").asDouble(), "the plain accuracy does not change");
        assertTrue(withViews.get("test_accuracy_tta").asDouble() != testAccuracy,
                "ten views per image change some answers: the views are really used");
        assertTrue(flipped.out().contains("with test-time augmentation 'shift-flip'"), flipped.out());
        assertTrue(Files.isRegularFile(run.resolve(RunDirectory.CONFUSION)));
        assertTrue(Files.isRegularFile(run.resolve(RunDirectory.MISTAKES)));
        assertTrue(Files.isRegularFile(run.resolve(RunDirectory.MISTAKES_EXPLAINED)));
        assertTrue(Files.isRegularFile(run.resolve(RunDirectory.CONFUSED_PAIR)));
        String report = Files.readString(run.resolve(RunDirectory.REPORT));
        assertTrue(report.contains("Test accuracy") && report.contains("<h3>Confusion matrix</h3>"), "report updated");
        assertTrue(report.contains("src=\"" + RunDirectory.MISTAKES_EXPLAINED + "\"") && report.contains("<h3>The two classes most often confused</h3>"),
                "the report shows the explained mistakes and the most confused pair");
    }

    /**
     * On the validation split, evaluate measures exactly what training measured for the kept epoch
     * (the same images, the same weights), and writes nothing: the test figures stay untouched.
     */
    @Test
    void evaluateOnTheValidationSplitRepeatsTheBestEpochsFigureAndWritesNothing() throws Exception {
        Path run = tmp.resolve("run");
        DataCommandTest.Result trained = DataCommandTest.run("train", "--epochs", "2", "--train-limit", "2000",
                "--run-dir", run.toString(), "--data", TestData.dataDir().toString());
        assertEquals(0, trained.exitCode(), trained.err());
        ObjectNode before = Json.read(run.resolve(RunDirectory.METRICS), ObjectNode.class);

        DataCommandTest.Result r = DataCommandTest.run("evaluate", run.toString(), "--split", "validation", "--tta", "flip");

        assertEquals(0, r.exitCode(), r.err());
        String expected = String.format("validation accuracy %.4f (", before.get("val_accuracy").asDouble());
        assertTrue(r.out().contains(expected), "expected '" + expected + "' in " + r.out());
        assertTrue(r.out().contains("on 12,000 images (fraction 0.2, split seed 42); nothing written"), r.out());
        assertEquals(before, Json.read(run.resolve(RunDirectory.METRICS), ObjectNode.class), "metrics.json unchanged");
        assertFalse(Files.exists(run.resolve(RunDirectory.CONFUSION)));
        assertFalse(Files.exists(run.resolve(RunDirectory.MISTAKES)));
    }

    @Test
    void aRunWithoutValidationSplitCannotBeEvaluatedOnOne() {
        Path run = tmp.resolve("all");
        DataCommandTest.Result trained = DataCommandTest.run("train", "--epochs", "1", "--train-limit", "500",
                "--validation-fraction", "0", "--run-dir", run.toString(), "--data", TestData.dataDir().toString());
        assertEquals(0, trained.exitCode(), trained.err());

        DataCommandTest.Result r = DataCommandTest.run("evaluate", run.toString(), "--split", "validation");

        assertEquals(1, r.exitCode());
        assertEquals("atelier: " + run + " trained on every training image (--validation-fraction 0): it has no validation "
                + "split to evaluate on", r.err().strip());
        DataCommandTest.Result unknown = DataCommandTest.run("evaluate", run.toString(), "--split", "train");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().contains("expected one of [test, validation], got 'train'"), unknown.err());
    }

    @Test
    void predictOnPngsOfTestImagesAgreesWithTheModelOnThoseImages() throws Exception {
        Path run = trainSmallRun();
        ImageSet test = TestData.real().test();
        Path images = Files.createDirectories(tmp.resolve("images"));
        int n = 12;
        for (int i = 0; i < n; i++) {
            BufferedImage png = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            for (int p = 0; p < 784; p++) {
                png.getRaster().setSample(p % 28, p / 28, 0, test.pixels()[i * 784 + p] & 0xff);
            }
            ImageIO.write(png, "png", images.resolve(String.format("item%02d.png", i)).toFile());
        }
        Files.writeString(images.resolve("broken.png"), "not a picture");
        Path csv = tmp.resolve("out.csv");

        DataCommandTest.Result r = DataCommandTest.run("predict", run.toString(), images.toString(), "-o", csv.toString());

        assertEquals(PredictCommand.EXIT_SOME_SKIPPED, r.exitCode(), "one file skipped");
        assertTrue(r.err().contains("skipped " + images.resolve("broken.png")), r.err());
        List<String> rows = Files.readAllLines(csv);
        assertEquals("id,label,class,probability,T-shirt/top,Trouser,Pullover,Dress,Coat,Sandal,Shirt,Sneaker,Bag,Ankle boot",
                rows.get(0));
        assertEquals(n + 1, rows.size());
        int[] idx = new int[n];
        java.util.Arrays.setAll(idx, i -> i);
        try (TrainedModel model = TrainedModel.load(new RunDirectory(run))) {
            float[][] expected = model.classifier().probabilities(test.subset(idx));
            for (int i = 0; i < n; i++) {
                String[] f = rows.get(i + 1).split(",");
                assertEquals(String.format("item%02d.png", i), f[0], "the file name is the id");
                int label = Integer.parseInt(f[1]);
                assertEquals(org.atelier.models.Classifier.argMax(expected[i]), label);
                for (int k = 0; k < 10; k++) {
                    assertEquals(expected[i][k], Float.parseFloat(f[4 + k]), 1e-6, "row " + i + " class " + k);
                }
            }
        }
    }

    /** A flat picture is still predicted, but the user is told its answer means nothing. */
    @Test
    void aBlankPictureIsPredictedWithAWarning() throws Exception {
        Path run = trainSmallRun();
        Path blank = tmp.resolve("blank.png");
        ImageIO.write(new BufferedImage(40, 30, BufferedImage.TYPE_INT_ARGB), "png", blank.toFile()); // all transparent
        DataCommandTest.Result r = DataCommandTest.run("predict", run.toString(), blank.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("atelier: warning: " + blank + ": blank after preprocessing (one flat tone at 28x28); its prediction "
                + "means nothing", r.err().lines().findFirst().orElseThrow());
        assertTrue(r.err().contains("atelier: the network's own probabilities, not calibrated: the run has not been evaluated"),
                r.err());
        assertEquals(2, r.out().strip().lines().count(), "header and one row");
    }

    @Test
    void predictNeedsARunDirectory() {
        DataCommandTest.Result bad = DataCommandTest.run("predict", tmp.toString(), "x.png");
        assertEquals(1, bad.exitCode());
        assertEquals("atelier: " + tmp + ": not a run directory (no config.json)", bad.err().strip());
    }

    @Test
    void existingRunIsNotOverwritten() {
        Path run = trainSmallRun();
        DataCommandTest.Result again = DataCommandTest.run("train", "--epochs", "1", "--run-dir", run.toString());
        assertEquals(1, again.exitCode());
        assertTrue(again.err().contains("already holds a run; use --resume"), again.err());
        assertTrue(FashionMnist.isComplete(TestData.dataDir()));
    }

    @Test
    void strategiesCombineFromTheCommandLine() throws Exception {
        Path run = tmp.resolve("combined");
        DataCommandTest.Result r = DataCommandTest.run("train", "--epochs", "1", "--train-limit", "1000",
                "--validation-limit", "500", "--augment", "--rotation", "5", "--class-weights", "0=1.5,6=2",
                "--label-smoothing", "0.1", "--run-dir", run.toString());
        assertEquals(0, r.exitCode(), r.err());
        TrainConfig config = new RunDirectory(run).config();
        assertEquals(new AugmentConfig(0.1, 0.1, 0.15, true, 5), config.augment());
        assertEquals(0.1, config.labelSmoothing());
        assertEquals(1.5, config.classWeights().get(0));
        assertEquals(2.0, config.classWeights().get(6));
        assertEquals(1.0, config.classWeights().get(3));
        assertTrue(Files.isRegularFile(run.resolve(RunDirectory.AUGMENTATION)));
        assertTrue(Files.readString(run.resolve(RunDirectory.REPORT)).contains("augmented on the fly"));

        Path offline = tmp.resolve("offline");
        DataCommandTest.Result o = DataCommandTest.run("train", "--epochs", "1", "--train-limit", "1000",
                "--validation-limit", "500", "--augment-offline", "2", "--class-weights", "balanced",
                "--run-dir", offline.toString());
        assertEquals(0, o.exitCode(), o.err());
        ObjectNode metrics = Json.read(offline.resolve(RunDirectory.METRICS), ObjectNode.class);
        assertEquals(3000, metrics.get("train_images").asInt(), "the originals and two augmented copies");
        TrainConfig offlineConfig = new RunDirectory(offline).config();
        assertEquals(AugmentConfig.study(), offlineConfig.augment(), "the study's settings when none are given");
        assertFalse(offlineConfig.augmentsOnline());
    }

    @Test
    void badStrategyValuesAreOneLineErrors() {
        // A value that is no value of its option's type is a usage error, as picocli's own: the message, where help is, exit 2.
        DataCommandTest.Result weights = DataCommandTest.run("train", "--class-weights", "12=1");
        assertEquals(2, weights.exitCode());
        assertTrue(weights.err().startsWith("atelier: Invalid value for option '--class-weights': '12=1' is not LABEL=WEIGHT"),
                weights.err());
        DataCommandTest.Result twice = DataCommandTest.run("train", "--class-weights", "0=1,0=2");
        assertEquals(2, twice.exitCode());
        assertEquals("atelier: Invalid value for option '--class-weights': class 0 is named twice ('0=1,0=2')",
                twice.err().lines().findFirst().orElseThrow());
        DataCommandTest.Result shift = DataCommandTest.run("train", "--shift", "1.5");
        assertEquals("atelier: --shift must be in [0, 1), got 1.5", shift.err().strip());
        DataCommandTest.Result smoothing = DataCommandTest.run("train", "--label-smoothing", "1");
        assertEquals("atelier: --label-smoothing must be in [0, 1), got 1", smoothing.err().strip());
        DataCommandTest.Result both = DataCommandTest.run("train", "--shift", "0.1", "--shift-pixels", "2");
        assertEquals("atelier: --shift and --shift-pixels exclude each other", both.err().strip());
        DataCommandTest.Result recipe = DataCommandTest.run("train", "--recipe", "fast", "--model", "cnn4b");
        assertEquals(1, recipe.exitCode());
        assertEquals("atelier: recipe fast fixes the training settings; only [--seed, --epochs, --data, --validation-fraction, "
                + "--split-seed] apply beside it, not --model", recipe.err().strip());
        DataCommandTest.Result erase = DataCommandTest.run("train", "--erase", "2");
        assertEquals("atelier: --erase must be a probability in [0, 1], got 2", erase.err().strip());
        // A choice outside its list is a usage error: the message, then the usage, exit 2.
        DataCommandTest.Result optimizer = DataCommandTest.run("train", "--optimizer", "rmsprop");
        assertEquals(2, optimizer.exitCode());
        assertEquals("atelier: Invalid value for option '--optimizer': expected one of [adam, sgd], got 'rmsprop'",
                optimizer.err().lines().findFirst().orElseThrow());
        DataCommandTest.Result fill = DataCommandTest.run("train", "--fill", "mirror");
        assertEquals("atelier: Invalid value for option '--fill': expected one of [nearest, zero], got 'mirror'",
                fill.err().lines().findFirst().orElseThrow());
        DataCommandTest.Result monitor = DataCommandTest.run("train", "--lr-plateau-monitor", "loss");
        assertEquals("atelier: Invalid value for option '--lr-plateau-monitor': expected one of [val_loss, val_accuracy], got 'loss'",
                monitor.err().lines().findFirst().orElseThrow());
        DataCommandTest.Result ema = DataCommandTest.run("train", "--ema", "1");
        assertEquals("atelier: --ema must be in [0, 1), got 1", ema.err().strip());
        DataCommandTest.Result alternate = DataCommandTest.run("train", "--alternate-flips", "--shift-pixels", "2");
        assertEquals("atelier: --alternate-flips needs flips (--flip)", alternate.err().strip());
        DataCommandTest.Result offline = DataCommandTest.run("train", "--flip", "--alternate-flips", "--augment-offline", "1");
        assertEquals("atelier: alternating flips follow the epochs, so they need on-the-fly augmentation, not offline copies",
                offline.err().strip());
    }

    @Test
    void sgdIsSavedWithItsDefaultRate() {
        Path run = tmp.resolve("sgd");
        DataCommandTest.Result first = DataCommandTest.run("train", "--optimizer", "sgd", "--epochs", "1", "--train-limit", "500",
                "--validation-limit", "200", "--run-dir", run.toString());
        assertEquals(0, first.exitCode(), first.err());
        TrainConfig saved = new RunDirectory(run).config();
        assertEquals(org.atelier.config.OptimizerKind.SGD, saved.optimizer());
        assertEquals(TrainConfig.SGD_LEARNING_RATE, saved.resolved().learningRate());
    }

    @Test
    void augmentationAndWeightAveragingAreSavedInTheConfig() {
        Path run = tmp.resolve("pixels");
        DataCommandTest.Result r = DataCommandTest.run("train", "--epochs", "1", "--train-limit", "500",
                "--validation-limit", "200", "--shift-pixels", "2", "--flip", "--alternate-flips", "--erase", "0.5", "--fill", "zero",
                "--ema", "0.99", "--run-dir", run.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(0.99, new RunDirectory(run).config().ema());
        assertEquals(new AugmentConfig(2.0 / 28, 0, 0, true, 0, true, 0.5, Fill.ZERO, true), new RunDirectory(run).config().augment());
    }
}

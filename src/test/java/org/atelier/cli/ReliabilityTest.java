package org.atelier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.atelier.data.FashionMnist;
import org.atelier.run.RunDirectory;
import org.atelier.testing.TestData;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The CLI's promises under bad input and faults: one clear line, no lost or half-written output. */
@Tag("slow")
class ReliabilityTest {
    @TempDir
    Path tmp;

    private Path trainSmallRun(String name) {
        Path run = tmp.resolve(name);
        DataCommandTest.Result r = DataCommandTest.run("train", "--epochs", "1", "--train-limit", "1000",
                "--validation-limit", "300", "--run-dir", run.toString(), "--data", TestData.dataDir().toString());
        assertEquals(0, r.exitCode(), r.err());
        return run;
    }

    private static Path png(Path file, int value) throws Exception {
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 8; y < 20; y++) {
            for (int x = 8; x < 20; x++) {
                image.getRaster().setSample(x, y, 0, value);
            }
        }
        ImageIO.write(image, file.toString().endsWith(".png") ? "png" : file.toString().substring(file.toString().lastIndexOf('.') + 1),
                file.toFile());
        return file;
    }

    /** The CLI in its own JVM, its standard output a pipe, as a shell runs it: exit code and standard output. */
    /** Exit code, standard output and standard error of a run in its own JVM. */
    private static String[] pipedRun(Path workDir, String... args) throws Exception {
        Path err = Files.createTempFile(workDir, "stderr", ".txt");
        String[] r = ownJvm(workDir, List.of(), ProcessBuilder.Redirect.to(err.toFile()), args);
        return new String[] {r[0], r[1], Files.readString(err)};
    }

    private static String[] ownJvm(Path workDir, List<String> jvmOptions, ProcessBuilder.Redirect stderr, String... args)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), AtelierCli.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectError(stderr).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(out);
        }
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "finished");
        return new String[] {String.valueOf(p.exitValue()), out.toString(StandardCharsets.UTF_8)};
    }

    /** A JVM limit reached: one line naming it and how to raise it, no trace, no run directory. */
    @Test
    void runningOutOfMemorySaysHowToRaiseTheLimit() throws Exception {
        Path err = tmp.resolve("stderr.txt");
        Path run = tmp.resolve("too-big");
        String[] r = ownJvm(tmp, List.of("-Xmx48m"), ProcessBuilder.Redirect.to(err.toFile()),
                "train", "--epochs", "1", "--run-dir", run.toString(), "--data", TestData.dataDir().toString());
        List<String> lines = Files.readAllLines(err).stream().filter(l -> l.startsWith("atelier:") || l.startsWith("\tat ")).toList();
        assertEquals(String.valueOf(AtelierCli.EXIT_INTERNAL_ERROR), r[0], String.join("\n", lines));
        assertEquals(List.of("atelier: out of memory (Java heap space); raise the limits with ATELIER_JAVA_OPTS, e.g. "
                + "ATELIER_JAVA_OPTS='-Xmx16g -XX:MaxDirectMemorySize=1g' (defaults -Xmx8g and 256m)"), lines);
        assertFalse(Files.exists(run.resolve(RunDirectory.CHECKPOINT)));
    }

    /** Without -o the CSV goes to standard output: every row of 10,000, through a pipe, in a process that exits. */
    @Test
    void predictionsThroughAPipeAreComplete() throws Exception {
        Path run = trainSmallRun("run");
        Path idx = FashionMnist.DataFile.TEST_IMAGES.locate(TestData.dataDir());
        String[] plain = pipedRun(tmp, "predict", run.toString(), idx.toString());
        assertEquals("0", plain[0], plain[2]);
        List<String> rows = plain[1].lines().toList();
        assertEquals(10_001, rows.size(), "header and 10,000 rows");
        assertEquals(14, rows.get(rows.size() - 1).split(",").length, "the last row is whole");
        String[] dash = pipedRun(tmp, "predict", run.toString(), idx.toString(), "-o", "-");
        assertEquals(plain[1], dash[1], "-o - is standard output");
        Path one = png(tmp.resolve("one.png"), 200);
        assertEquals(2, pipedRun(tmp, "predict", run.toString(), one.toString())[1].lines().count(), "a single image too");
    }

    @Test
    void outputThroughALinkReplacesTheFileItPointsTo() throws Exception {
        Path run = trainSmallRun("run");
        Path target = Files.writeString(tmp.resolve("predictions.csv"), "old");
        Path link = Files.createSymbolicLink(tmp.resolve("latest.csv"), target);
        Path image = png(tmp.resolve("shirt.png"), 200);
        DataCommandTest.Result r = DataCommandTest.run("predict", run.toString(), image.toString(), "-o", link.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(Files.isSymbolicLink(link));
        assertTrue(Files.readString(target).startsWith("id,label,class"));
    }

    @Test
    void aRunInUseIsNotWrittenByASecondProcess() {
        Path run = trainSmallRun("run");
        try (RunDirectory.Lock held = new RunDirectory(run).lock()) {
            DataCommandTest.Result evaluate = DataCommandTest.run("evaluate", run.toString());
            assertEquals(1, evaluate.exitCode());
            assertEquals("atelier: " + run + " is in use by another atelier process training or evaluating it; wait for it "
                    + "to finish, or choose another --run-dir", evaluate.err().strip());
            Path fresh = tmp.resolve("fresh");
            try (RunDirectory.Lock other = new RunDirectory(fresh).lock()) {
                DataCommandTest.Result train = DataCommandTest.run("train", "--epochs", "1", "--train-limit", "500",
                        "--run-dir", fresh.toString());
                assertEquals(1, train.exitCode());
                assertTrue(train.err().contains("is in use by another atelier process"), train.err());
            }
        }
        assertEquals(0, DataCommandTest.run("evaluate", run.toString()).exitCode(), "released when closed");
    }

    /**
     * Resuming must not keep the loaded weights and optimizer state in capped direct memory: under a
     * 2 MB cap the baseline's 0.9 MB of weights and Adam's two moments failed before.
     */
    @Test
    void aRunResumesUnderATightCapOnDirectMemory() throws Exception {
        Path run = tmp.resolve("run");
        assertEquals(0, DataCommandTest.run("train", "--epochs", "1", "--train-limit", "1000", "--validation-limit", "300",
                "--batch-size", "64", "--run-dir", run.toString(), "--data", TestData.dataDir().toString()).exitCode(), "trained");
        Path err = tmp.resolve("stderr.txt");
        String[] r = ownJvm(tmp, List.of("-XX:MaxDirectMemorySize=2m"), ProcessBuilder.Redirect.to(err.toFile()),
                "train", "--resume", run.toString(), "--extend-epochs", "1");
        assertEquals("0", r[0], Files.readString(err));
        assertTrue(r[1].contains("epoch 2/2"), r[1]);
    }

    /** Stopped before its first checkpoint (Ctrl-C or SIGKILL): --resume starts it again, as its message says. */
    @Test
    void aRunStoppedInItsFirstEpochCanBeResumed() throws Exception {
        Path run = trainSmallRun("run");
        for (String f : List.of(RunDirectory.CHECKPOINT, RunDirectory.HISTORY, RunDirectory.METRICS, RunDirectory.BEST_PARAMS,
                RunDirectory.LAST_PARAMS, RunDirectory.REPORT, RunDirectory.CURVES)) {
            Files.delete(run.resolve(f));
        }
        Path leftover = Files.writeString(run.resolve(".checkpoint.bin.8f3k2.tmp"), "half a checkpoint");
        DataCommandTest.Result fresh = DataCommandTest.run("train", "--run-dir", run.toString());
        assertEquals(1, fresh.exitCode());
        DataCommandTest.Result resumed = DataCommandTest.run("train", "--resume", run.toString());
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(resumed.out().contains(" from its start, as nothing of its training was saved"), resumed.out());
        assertEquals(1, resumed.out().split("nothing of its training was saved", -1).length - 1, "said once: " + resumed.out());
        assertTrue(Files.isRegularFile(run.resolve(RunDirectory.CHECKPOINT)));
        assertFalse(Files.exists(leftover), "the killed write's temp file is cleaned up");
    }

    /**
     * SIGTERM mid-epoch (Ctrl-C goes through the same shutdown): the run saves after the batch
     * under way, says what it keeps and how to go on, and --resume continues from that batch.
     */
    @Test
    void aRunStoppedMidEpochSavesTheBatchUnderWayAndResumesThere() throws Exception {
        Path run = tmp.resolve("run");
        Path err = tmp.resolve("stderr.txt");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), AtelierCli.class.getName(),
                "train", "--model", "cnn4b-lite", "--epochs", "1", "--batch-size", "50", "--train-limit", "6000",
                "--validation-limit", "500", "--run-dir", run.toString(), "--data", TestData.dataDir().toString()));
        Process p = new ProcessBuilder(command).directory(tmp.toFile()).redirectError(err.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        // config.json is written as the first batch begins; 6,000 images take this model several seconds.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(run.resolve(RunDirectory.CONFIG)) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(1500);
        p.destroy();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "stopped");
        String said = Files.readString(err);
        String saved = org.atelier.run.RunStanding.of(new RunDirectory(run)).savedPoint();
        assertTrue(saved.matches("batch [0-9]+ of 120 of epoch 1 \\(of 1\\)"), saved + "; " + said);
        assertTrue(said.endsWith("\n\natelier: stopped; " + run + " keeps its training up to " + saved
                + ". Continue with: ./atelier train --resume " + run + "\n"), said);
        assertFalse(said.contains("Exception"), "no trace: " + said);

        DataCommandTest.Result resumed = DataCommandTest.run("train", "--resume", run.toString());
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(resumed.out().startsWith("resuming cnn4b-lite into " + run + " after " + saved + "\n"), resumed.out());
        assertEquals(List.of(1), new RunDirectory(run).history().stream()
                .map(org.atelier.run.EpochRecord::epoch).toList());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--lr -1 | --lr must be a positive number, got -1",
            "--lr NaN | --lr must be a positive number, got NaN",
            "--lr Infinity | --lr must be a positive number, got Infinity",
            "--l2 -1 | --l2 must be 0 or a positive number, got -1",
            "--l2 NaN | --l2 must be 0 or a positive number, got NaN",
            "--train-limit 0 | --train-limit must be at least 1, or all, got 0",
            "--train-limit -5 | --train-limit must be at least 1, or all, got -5",
            "--validation-limit 0 | --validation-limit must be at least 1, or all, got 0",
            "--class-weights 0=0,1=0,2=0,3=0,4=0,5=0,6=0,7=0,8=0,9=0 | --class-weights are all 0: no image would count, nothing would be learned",
            "--lr-plateau-factor 2 | --lr-plateau-factor must be in [0, 1) (0 switches it off), got 2",
            "--lr-min -1 | --lr-min must be 0 or a positive number, got -1",
            "--early-stopping -1 | --early-stopping must be 0 (off) or more, got -1",
            "--shift-pixels 100 | --shift-pixels must be 0 to 27, got 100",
            "--shift NaN | --shift must be in [0, 1), got NaN",
            "--epochs 0 | --epochs must be at least 1, got 0",
            "--batch-size 0 | --batch-size must be at least 1, got 0"})
    void everyBadNumberIsRefusedBeforeTheDataIsRead(String option, String message) {
        List<String> args = new ArrayList<>(List.of("train", "--data", tmp.resolve("no-data-here").toString()));
        args.addAll(List.of(option.strip().split(" ")));
        DataCommandTest.Result r = DataCommandTest.run(args.toArray(String[]::new));
        assertEquals(1, r.exitCode(), r.err());
        assertEquals("atelier: " + message.strip(), r.err().strip());
    }

    @Test
    void aValidationShareThatLeavesNoTrainingImagesIsRefused() {
        DataCommandTest.Result r = DataCommandTest.run("train", "--validation-fraction", "0.99999", "--run-dir",
                tmp.resolve("run").toString());
        assertEquals(1, r.exitCode());
        assertEquals("atelier: --validation-fraction 0.99999 leaves no training images of class 0 (T-shirt/top)", r.err().strip());
    }

    /** A diverging run stops with a message; it never saves NaN weights. */
    @Test
    void aNanLossStopsTheRunWithoutSavingIt() {
        Path run = tmp.resolve("run");
        DataCommandTest.Result r = DataCommandTest.run("train", "--lr", "1e30", "--epochs", "2", "--train-limit", "1000",
                "--validation-limit", "300", "--run-dir", run.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().startsWith("atelier: training diverged: the loss became NaN at step "), r.err());
        assertFalse(Files.exists(run.resolve(RunDirectory.BEST_PARAMS)) || Files.exists(run.resolve(RunDirectory.LAST_PARAMS)));
        // status says it failed and why, not that it never started
        DataCommandTest.Result status = DataCommandTest.run("status", run.toString());
        assertEquals(0, status.exitCode(), status.err());
        List<String> lines = status.out().lines().toList();
        assertTrue(lines.get(0).matches(java.util.regex.Pattern.quote(run.toString()) + " +failed +0/2 epochs"), status.out());
        assertTrue(lines.get(1).strip().startsWith("training diverged: the loss became NaN at step "), status.out());
    }

    @Test
    void tooManyOfflineCopiesAreRefusedBeforeAnythingIsWritten() {
        Path run = tmp.resolve("run");
        DataCommandTest.Result r = DataCommandTest.run("train", "--augment-offline", "100000", "--train-limit", "2000",
                "--run-dir", run.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().startsWith("atelier: --augment-offline 100000: the originals and 100000 copies of 2,000 images need "
                + "156.8 GB, more than fits"), r.err());
        assertTrue(r.err().strip().matches(".*; at most \\d+ copies fit"), r.err());
        assertFalse(Files.exists(run), "nothing written, not even the folder");
    }

    @Test
    void aHugePictureIsSkippedAndTheOthersPredicted() throws Exception {
        Path run = trainSmallRun("run");
        Path good = png(tmp.resolve("good.png"), 200);
        Path huge = Files.write(tmp.resolve("huge.png"), org.atelier.testing.TestImages.pngDeclaring(40_000, 40_000));
        Path fifo = tmp.resolve("pipe.png");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        DataCommandTest.Result r = DataCommandTest.run("predict", run.toString(), good.toString(), huge.toString(), fifo.toString());
        assertEquals(PredictCommand.EXIT_SOME_SKIPPED, r.exitCode(), r.err());
        assertTrue(r.err().contains("atelier: skipped " + huge + ": 40,000 x 40,000 pixels is more than the 200 megapixels"),
                r.err());
        assertTrue(r.err().contains("atelier: skipped " + fifo + ": not a regular file (a device, pipe or socket)"), r.err());
        assertEquals(2, r.out().strip().lines().count());
    }

    @Test
    void picturesSharingANameKeepTheirOwnIds() throws Exception {
        Path run = trainSmallRun("run");
        Path tiff = png(tmp.resolve("ok.tiff"), 200);
        Path bmp = png(tmp.resolve("ok.bmp"), 100);
        DataCommandTest.Result r = DataCommandTest.run("predict", run.toString(), tiff.toString(), bmp.toString());
        assertEquals(0, r.exitCode(), r.err());
        List<String> ids = r.out().lines().skip(1).map(l -> l.split(",")[0]).toList();
        assertEquals(List.of("ok.tiff", "ok.bmp"), ids);
    }

    @Test
    void compareTellsRunsOfTheSameNameApartAndRefusesARunTwice() throws Exception {
        Path a = trainSmallRun("a/baseline");
        Path b = Files.createDirectories(tmp.resolve("b"));
        DataCommandTest.run("train", "--epochs", "1", "--train-limit", "500", "--validation-limit", "200", "--run-dir",
                b.resolve("baseline").toString());
        Path out = tmp.resolve("report");
        DataCommandTest.Result r = DataCommandTest.run("compare", a.toString(), b.resolve("baseline").toString(), "--out",
                out.toString());
        assertEquals(0, r.exitCode(), r.err());
        List<String> csv = Files.readAllLines(out.resolve("comparison.csv"));
        assertTrue(csv.get(1).startsWith("a/baseline,") && csv.get(2).startsWith("b/baseline,"), csv.toString());
        DataCommandTest.Result twice = DataCommandTest.run("compare", a.toString(), a.toString(), "--out", out.toString());
        assertEquals(1, twice.exitCode());
        assertEquals("atelier: " + a.toAbsolutePath().normalize() + " is given twice", twice.err().strip());
    }

    /** A damaged metrics.json is found before the 17 seconds of evaluation, and nothing is rewritten. */
    @Test
    void evaluateChecksItsInputsBeforeWritingAnything() throws Exception {
        Path run = trainSmallRun("run");
        Files.writeString(run.resolve(RunDirectory.METRICS), "{ not json");
        DataCommandTest.Result r = DataCommandTest.run("evaluate", run.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().startsWith("atelier: " + run.resolve(RunDirectory.METRICS) + ": not valid JSON"), r.err());
        assertFalse(Files.exists(run.resolve(RunDirectory.EVALUATION)) || Files.exists(run.resolve(RunDirectory.CONFUSION)));
    }

    @Test
    void aDamagedParameterFileIsDescribedNotNull() throws Exception {
        Path run = trainSmallRun("run");
        byte[] params = Files.readAllBytes(run.resolve(RunDirectory.BEST_PARAMS));
        Files.write(run.resolve(RunDirectory.BEST_PARAMS), java.util.Arrays.copyOf(params, 40));
        DataCommandTest.Result r = DataCommandTest.run("evaluate", run.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().startsWith("atelier: " + run.resolve(RunDirectory.BEST_PARAMS) + ": cannot load parameters ("), r.err());
        assertFalse(r.err().contains("(null)"), r.err());
    }

    @Test
    void aBadThreadCountIsOneLineFromTheLauncher() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "atelier", "--version").redirectErrorStream(true);
        pb.environment().put("ATELIER_THREADS", "0");
        Process bad = pb.start();
        String out = new String(bad.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(bad.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, bad.exitValue());
        assertEquals("atelier: ATELIER_THREADS must be a whole number of threads, 1 or more, got '0'", out.strip());
    }
}

package org.atelier.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.atelier.data.FashionMnist;
import org.atelier.data.ImageSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `predict --runner spark` in local mode against single-process predict, on a folder with a broken,
 * a blank, an empty and an awkwardly named image among good ones, and a subfolder with a link back up.
 */
@Tag("slow")
class SparkPredictTest {
    @TempDir
    static Path tmp;
    static Path run;
    static Path images;
    static final int GOOD = 24;
    /** Good images in the subfolder, which neither runner enters. */
    static final int NESTED = GOOD / 3;
    static final String QUOTED = "say \"hi\", again.png";

    @BeforeAll
    static void trainAndWriteImages() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(SparkSweepTest.DATA), "needs Debian's dataset-fashion-mnist");
        run = tmp.resolve("run");
        SparkSweepTest.Result trained = SparkSweepTest.atelier("train", "--epochs", "1", "--train-limit", "2000",
                "--validation-limit", "500", "--data", SparkSweepTest.DATA.toString(), "--run-dir", run.toString());
        assertEquals(0, trained.exitCode(), trained.err());
        // evaluated, so that both runners calibrate with its temperature
        SparkSweepTest.Result evaluated = SparkSweepTest.atelier("evaluate", run.toString(), "--data", SparkSweepTest.DATA.toString());
        assertEquals(0, evaluated.exitCode(), evaluated.err());
        ImageSet test = FashionMnist.load(SparkSweepTest.DATA).test();
        images = Files.createDirectories(tmp.resolve("images"));
        Files.createDirectories(images.resolve("more"));
        Files.createSymbolicLink(images.resolve("more/up"), Path.of(".."));
        for (int i = 0; i < GOOD; i++) {
            BufferedImage png = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            for (int p = 0; p < 784; p++) {
                png.getRaster().setSample(p % 28, p / 28, 0, test.pixels()[i * 784 + p] & 0xff);
            }
            String name = i == 1 ? QUOTED : String.format("item%02d.png", i);
            ImageIO.write(png, "png", images.resolve((i % 3 == 0 ? "more/" : "") + name).toFile());
        }
        Files.writeString(images.resolve("broken.png"), "not a picture");
        Files.createFile(images.resolve("zero.png"));
        BufferedImage blank = new BufferedImage(40, 40, BufferedImage.TYPE_BYTE_GRAY);
        for (int p = 0; p < 1600; p++) {
            blank.getRaster().setSample(p % 40, p / 40, 0, 200);
        }
        ImageIO.write(blank, "png", images.resolve("blank.png").toFile());
    }

    /** Single-process predict's CSV of the folder, header included. */
    private static List<String> localCsv() throws Exception {
        Path csv = tmp.resolve("local.csv");
        SparkSweepTest.Result r = SparkSweepTest.atelier("predict", run.toString(), images.toString(), "-o", csv.toString(),
                "--engine", "pytorch"); // Spark's tasks predict with PyTorch: the same engine, line for line
        assertEquals(3, r.exitCode(), "the broken and the empty file are skipped: " + r.err());
        List<String> lines = Files.readAllLines(csv);
        assertEquals(GOOD - NESTED + 2, lines.size(), "a header, the good images directly in the folder and the blank one");
        return lines;
    }

    /** Single-process predict's rows by id: the ten probabilities. */
    private static Map<String, double[]> localPredictions() throws Exception {
        Map<String, double[]> rows = new HashMap<>();
        for (String line : localCsv().subList(1, GOOD - NESTED + 2)) {
            String id = line.startsWith("\"") ? QUOTED : line.substring(0, line.indexOf(','));
            String[] f = line.split(",");
            double[] p = new double[10];
            for (int c = 0; c < 10; c++) {
                p[c] = Double.parseDouble(f[f.length - 10 + c]);
            }
            rows.put(id, p);
        }
        return rows;
    }

    private static List<Row> written(Path out, String format) {
        SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false").getOrCreate();
        try {
            return spark.read().format(format).option("header", "true").option("inferSchema", "true").option("escape", "\"")
                    .load(out.toString()).collectAsList();
        } finally {
            spark.stop();
        }
    }

    @Test
    void everyImageIsARowMatchingSingleProcessPredictTheBrokenAndEmptyOnesWithTheirErrorsTheBlankOneWithAWarning()
            throws Exception {
        Path out = tmp.resolve("predictions");
        SparkSweepTest.Result r = SparkSweepTest.atelier("predict", run.toString(), images.toString(), "--runner", "spark",
                "--master", "local[2]", "--output", out.toString());

        assertEquals(3, r.exitCode(), "an unreadable image is reported, not a failed job: " + r.err());
        double t = org.atelier.run.RunDirectory.existing(run).evaluation().orElseThrow().temperature();
        assertTrue(r.err().contains(String.format(java.util.Locale.ROOT, "atelier: probabilities calibrated with temperature %.3f, "
                + "fitted on the run's validation split (--no-calibrated for the network's own)", t)), r.err());
        assertTrue(Math.abs(t - 1) > 0.01, "a temperature that changes the probabilities, so that the comparison below sees it: " + t);
        assertTrue(r.err().contains((GOOD - NESTED + 1) + " images predicted, 2 unreadable (rows with an error)"), r.err());
        assertTrue(r.err().contains("atelier: warning: " + images + ": 1 subfolder ignored (predict reads the images directly "
                + "in a folder, not in its subfolders)"), r.err());
        assertTrue(r.err().contains("warning: 1 of the predicted images is blank after preprocessing (one flat tone at 28x28): "
                + "its prediction means nothing (rows with a warning)"), r.err());
        assertTrue(Files.isRegularFile(out.resolve("_SUCCESS")), "a committed output");
        List<Row> rows = written(out, "parquet");
        assertEquals(GOOD - NESTED + 3, rows.size(), "the images directly in the folder, the link back up not followed");
        Map<String, double[]> local = localPredictions();
        int compared = 0;
        for (Row row : rows) {
            String id = row.getAs("id");
            if (id.equals("broken.png") || id.equals("zero.png")) {
                assertNull(row.getAs("label"));
                assertEquals(id.equals("broken.png") ? "broken.png: not an image in a format Java reads (PNG, JPEG, GIF, BMP)"
                        : "zero.png: empty file (0 bytes), not an image", row.getAs("error"));
                assertNull(row.getAs("warning"));
                continue;
            }
            assertNull(row.getAs("error"), id);
            if (id.equals("blank.png")) {
                assertEquals("blank after preprocessing (one flat tone at 28x28); its prediction means nothing", row.getAs("warning"));
            } else {
                assertNull(row.getAs("warning"), id);
            }
            double[] expected = local.get(id);
            assertTrue(expected != null, "single-process predict has the same id: " + id);
            for (int c = 0; c < 10; c++) {
                assertEquals(expected[c], ((Float) row.get(4 + c)).doubleValue(), 1e-6, id + " class " + c);
            }
            compared++;
        }
        assertEquals(GOOD - NESTED + 1, compared);

        SparkSweepTest.Result again = SparkSweepTest.atelier("predict", run.toString(), images.toString(), "--runner", "spark",
                "--master", "local[2]", "--output", out.toString());
        assertEquals(1, again.exitCode());
        assertTrue(again.err().startsWith("atelier: ") && again.err().contains("already exists"), again.err());
    }

    /** The CSV of a folder is single-process predict's, line for line, with the error and warning columns after. */
    @Test
    void csvFromAFolderIsSingleProcessPredictsCsvWithTwoMoreColumns() throws Exception {
        Path out = tmp.resolve("as-csv");
        SparkSweepTest.Result r = SparkSweepTest.atelier("predict", run.toString(), images.toString(), "--runner", "spark",
                "--master", "local[2]", "--output", out.toString(), "--output-format", "csv");
        assertEquals(3, r.exitCode(), r.err());

        List<String> local = localCsv();
        List<String> predicted = new ArrayList<>();
        List<String> unpredicted = new ArrayList<>();
        try (Stream<Path> parts = Files.list(out)) {
            for (Path part : parts.filter(p -> p.getFileName().toString().matches("part-.*\\.csv")).toList()) {
                List<String> lines = Files.readAllLines(part);
                assertEquals(local.get(0) + ",error,warning", lines.get(0), "each part file has the header");
                for (String line : lines.subList(1, lines.size())) {
                    String blankWarning = ",,blank after preprocessing (one flat tone at 28x28); its prediction means nothing";
                    if (line.endsWith(blankWarning)) {
                        predicted.add(line.substring(0, line.length() - blankWarning.length()));
                    } else if (line.endsWith(",,")) {
                        predicted.add(line.substring(0, line.length() - 2));
                    } else {
                        unpredicted.add(line);
                    }
                }
            }
        }
        assertEquals(local.subList(1, local.size()).stream().sorted().toList(), predicted.stream().sorted().toList());
        assertTrue(local.stream().anyMatch(l -> l.startsWith("\"say \"\"hi\"\", again.png\",")),
                "the quote doubled, the field quoted: " + local);
        assertEquals(List.of("broken.png,,,,,,,,,,,,,,\"broken.png: not an image in a format Java reads (PNG, JPEG, GIF, BMP)\",",
                "zero.png,,,,,,,,,,,,,,\"zero.png: empty file (0 bytes), not an image\","),
                unpredicted.stream().sorted().toList());
    }

    /** Nothing to predict, or nowhere to write it: single-process predict's line and exit code, before any task. */
    @Test
    void anEmptyFolderOrAnUnwritableOutputIsOneLineAndExitOne() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("no-images"));
        Files.createDirectories(empty.resolve("sub"));
        SparkSweepTest.Result local = SparkSweepTest.atelier("predict", run.toString(), empty.toString());
        SparkSweepTest.Result spark = SparkSweepTest.atelier("predict", run.toString(), empty.toString(), "--runner", "spark",
                "--master", "local[1]", "--output", tmp.resolve("never").toString());
        assertEquals(1, spark.exitCode(), spark.err());
        assertEquals(1, local.exitCode(), local.err());
        assertEquals("atelier: " + empty + ": no images in this folder (PNG, JPEG, GIF or BMP files directly in it; "
                + "1 subfolder ignored)", spark.err().strip());
        assertEquals(local.err().strip(), spark.err().strip());
        assertFalse(Files.exists(tmp.resolve("never")));

        SparkSweepTest.Result unwritable = SparkSweepTest.atelier("predict", run.toString(), images.toString(), "--runner",
                "spark", "--master", "local[1]", "--output", "/proc/predictions");
        assertEquals(1, unwritable.exitCode(), unwritable.err());
        assertEquals("atelier: cannot write /proc/predictions: cannot create a folder there", unwritable.err().strip());
    }

    @Test
    void aParquetTableOfIdsAndBytesIsPredictedIntoCsv() throws Exception {
        Path table = tmp.resolve("table.parquet");
        List<Row> rows = new ArrayList<>();
        try (Stream<Path> files = Files.list(images)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                rows.add(RowFactory.create(f.getFileName().toString(), Files.readAllBytes(f)));
            }
        }
        SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false").getOrCreate();
        try {
            Dataset<Row> df = spark.createDataFrame(rows, DataTypes.createStructType(List.of(
                    DataTypes.createStructField("id", DataTypes.StringType, false),
                    DataTypes.createStructField("bytes", DataTypes.BinaryType, false))));
            df.write().parquet(table.toString());
        } finally {
            spark.stop();
        }
        Path out = tmp.resolve("from-table");

        SparkSweepTest.Result r = SparkSweepTest.atelier("predict", run.toString(), table.toString(), "--runner", "spark",
                "--master", "local[1]", "--output", out.toString(), "--output-format", "csv");

        assertEquals(3, r.exitCode(), r.err());
        List<Row> written = written(out, "csv");
        assertEquals(rows.size(), written.size());
        assertEquals(2, written.stream().filter(w -> w.getAs("error") != null).count(), "the broken and the empty file");
        assertEquals(1, written.stream().filter(w -> w.getAs("warning") != null).count());
        assertFalse(written.stream().anyMatch(w -> w.getAs("id") == null));
    }
}

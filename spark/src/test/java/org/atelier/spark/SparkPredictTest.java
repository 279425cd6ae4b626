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

/** `predict --runner spark` in local mode against single-process predict, with a broken and a blank image among good ones. */
@Tag("slow")
class SparkPredictTest {
    @TempDir
    static Path tmp;
    static Path run;
    static Path images;
    static final int GOOD = 24;

    @BeforeAll
    static void trainAndWriteImages() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(SparkSweepTest.DATA), "needs Debian's dataset-fashion-mnist");
        run = tmp.resolve("run");
        SparkSweepTest.Result trained = SparkSweepTest.atelier("train", "--epochs", "1", "--train-limit", "2000",
                "--validation-limit", "500", "--data", SparkSweepTest.DATA.toString(), "--run-dir", run.toString());
        assertEquals(0, trained.exitCode(), trained.err());
        ImageSet test = FashionMnist.load(SparkSweepTest.DATA).test();
        images = Files.createDirectories(tmp.resolve("images"));
        Files.createDirectories(images.resolve("more"));
        for (int i = 0; i < GOOD; i++) {
            BufferedImage png = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            for (int p = 0; p < 784; p++) {
                png.getRaster().setSample(p % 28, p / 28, 0, test.pixels()[i * 784 + p] & 0xff);
            }
            ImageIO.write(png, "png", images.resolve((i % 3 == 0 ? "more/" : "") + String.format("item%02d.png", i)).toFile());
        }
        Files.writeString(images.resolve("broken.png"), "not a picture");
        BufferedImage blank = new BufferedImage(40, 40, BufferedImage.TYPE_BYTE_GRAY);
        for (int p = 0; p < 1600; p++) {
            blank.getRaster().setSample(p % 40, p / 40, 0, 200);
        }
        ImageIO.write(blank, "png", images.resolve("blank.png").toFile());
    }

    /** Single-process predict's rows by id (file name without extension): the ten probabilities. */
    private static Map<String, double[]> localPredictions() throws Exception {
        Path csv = tmp.resolve("local.csv");
        SparkSweepTest.Result r = SparkSweepTest.atelier("predict", run.toString(), images.toString(),
                images.resolve("more").toString(), "-o", csv.toString());
        assertEquals(3, r.exitCode(), "the broken file is skipped: " + r.err());
        Map<String, double[]> rows = new HashMap<>();
        List<String> lines = Files.readAllLines(csv);
        assertEquals(GOOD + 2, lines.size(), "a header, the good images and the blank one");
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            double[] p = new double[10];
            for (int c = 0; c < 10; c++) {
                p[c] = Double.parseDouble(f[4 + c]);
            }
            rows.put(f[0], p);
        }
        return rows;
    }

    private static List<Row> written(Path out, String format) {
        SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false").getOrCreate();
        try {
            return spark.read().format(format).option("header", "true").option("inferSchema", "true").load(out.toString())
                    .collectAsList();
        } finally {
            spark.stop();
        }
    }

    @Test
    void everyFileIsARowMatchingSingleProcessPredictTheBrokenOneWithItsErrorTheBlankOneWithAWarning() throws Exception {
        Path out = tmp.resolve("predictions");
        SparkSweepTest.Result r = SparkSweepTest.atelier("predict", run.toString(), images.toString(), "--runner", "spark",
                "--master", "local[2]", "--output", out.toString());

        assertEquals(3, r.exitCode(), "an unreadable image is reported, not a failed job: " + r.err());
        assertTrue(r.err().contains((GOOD + 1) + " images predicted, 1 unreadable (rows with an error)"), r.err());
        assertTrue(r.err().contains("warning: 1 of the predicted images is blank after preprocessing (one flat tone at 28x28): "
                + "its prediction means nothing (rows with a warning)"), r.err());
        assertTrue(Files.isRegularFile(out.resolve("_SUCCESS")), "a committed output");
        List<Row> rows = written(out, "parquet");
        assertEquals(GOOD + 2, rows.size());
        Map<String, double[]> local = localPredictions();
        int compared = 0;
        for (Row row : rows) {
            String id = row.getAs("id");
            if (id.equals("broken.png")) {
                assertNull(row.getAs("label"));
                assertEquals("broken.png: not an image in a format Java reads (PNG, JPEG, GIF, BMP)", row.getAs("error"));
                assertNull(row.getAs("warning"));
                continue;
            }
            assertNull(row.getAs("error"), id);
            if (id.equals("blank.png")) {
                assertEquals("blank after preprocessing (one flat tone at 28x28); its prediction means nothing", row.getAs("warning"));
            } else {
                assertNull(row.getAs("warning"), id);
                assertTrue(id.matches("(more/)?item\\d\\d\\.png"), "the path below the input folder: " + id);
            }
            double[] expected = local.get(id.replaceFirst("^more/", "").replace(".png", ""));
            for (int c = 0; c < 10; c++) {
                assertEquals(expected[c], ((Float) row.get(4 + c)).doubleValue(), 1e-6, id + " class " + c);
            }
            compared++;
        }
        assertEquals(GOOD + 1, compared);

        SparkSweepTest.Result again = SparkSweepTest.atelier("predict", run.toString(), images.toString(), "--runner", "spark",
                "--master", "local[2]", "--output", out.toString());
        assertEquals(1, again.exitCode());
        assertTrue(again.err().startsWith("atelier: ") && again.err().contains("already exists"), again.err());
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
        assertEquals(1, written.stream().filter(w -> w.getAs("error") != null).count());
        assertEquals(1, written.stream().filter(w -> w.getAs("warning") != null).count());
        assertFalse(written.stream().anyMatch(w -> w.getAs("id") == null));
    }
}

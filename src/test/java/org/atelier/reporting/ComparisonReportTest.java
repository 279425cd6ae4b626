package org.atelier.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.atelier.config.TrainConfig;
import org.atelier.run.ClassificationMetrics;
import org.atelier.run.EpochRecord;
import org.atelier.run.RunDirectory;
import org.atelier.testing.PageText;
import org.atelier.testing.RunFolders;
import org.atelier.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The comparison's table and per-class recall, from run folders holding only the small files. */
class ComparisonReportTest {
    @TempDir
    Path tmp;

    /** A finished run: three epochs, the second best, and (when given) a test evaluation. */
    private RunDirectory run(String name, double validation, ClassificationMetrics test) throws Exception {
        RunDirectory run = RunFolders.withHistory(tmp.resolve(name), TrainConfig.defaults(), List.of(new EpochRecord(1, 0.6, 0.80, 0.5, validation - 0.05, 1e-3, 10, 100, 0, 0, 0.6, 2),
                new EpochRecord(2, 0.4, 0.90, 0.3, validation, 1e-3, 10, 100, 0, 0, 0.4, 2),
                new EpochRecord(3, 0.3, 0.95, 0.4, validation - 0.01, 1e-3, 10, 100, 0, 0, 0.3, 2)));
        RunFolders.mergeMetrics(run, Map.of("val_accuracy", validation, "best_epoch", 2, "epochs_run", 3, "params", 1000,
                "flops_per_image", 2.5e6, "train_images", 40_000, "train_seconds", 20.0, "train_images_per_second", 100.0));
        if (test != null) {
            RunFolders.mergeMetrics(run, Map.of("test_accuracy", test.accuracy()));
            Json.write(run.file(RunDirectory.EVALUATION), Map.of("test_accuracy", test.accuracy(),
                    "inference_images_per_second", 400.0, "metrics", test));
        }
        return run;
    }

    /** Ten test images, one per class, and the model's answers for them. */
    private static ClassificationMetrics oneImagePerClass(int... predicted) {
        return ClassificationMetrics.of(new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, predicted);
    }

    @Test
    void eachClasssTestRecallIsInTheCsvAndTheBestOfEachClassIsBoldInThePage() throws Exception {
        // "plain" calls every shirt a T-shirt; "weighted" gets the shirt but calls the T-shirt a shirt.
        RunDirectory plain = run("plain", 0.90, oneImagePerClass(0, 1, 2, 3, 4, 5, 0, 7, 8, 9));
        RunDirectory weighted = run("weighted", 0.91, oneImagePerClass(6, 1, 2, 3, 4, 5, 6, 7, 8, 8));
        RunDirectory unevaluated = run("unevaluated", 0.92, null);
        Path out = tmp.resolve("out");
        Files.createDirectories(out);

        ComparisonReport.write(out, List.of(plain, weighted, unevaluated), Map.of(), "t");

        List<String> csv = Files.readAllLines(out.resolve(ComparisonReport.CSV));
        assertEquals("experiment,model,val_accuracy,last_val_accuracy,test_accuracy,best_epoch,epochs,train_val_gap,last_train_val_gap,params,"
                + "mflops,train_tflop,train_seconds,"
                + "train_images_per_second,inference_images_per_second,test_recall_t_shirt_top,test_recall_trouser,"
                + "test_recall_pullover,test_recall_dress,test_recall_coat,test_recall_sandal,test_recall_shirt,"
                + "test_recall_sneaker,test_recall_bag,test_recall_ankle_boot", csv.get(0));
        // train_tflop: 3 forward passes x 2.5 MFLOP x 40,000 images x 3 epochs = 9e11 FLOP, 0.90 TFLOP
        assertEquals("plain,baseline,0.9000,0.8900,0.9000,2,3,0.0000,0.0600,1000,2.50,0.90,20.0,100.0,400.0,"
                + "1.0000,1.0000,1.0000,1.0000,1.0000,1.0000,0.0000,1.0000,1.0000,1.0000", csv.get(1));
        assertEquals("weighted,baseline,0.9100,0.9000,0.8000,2,3,-0.0100,0.0500,1000,2.50,0.90,20.0,100.0,400.0,"
                + "0.0000,1.0000,1.0000,1.0000,1.0000,1.0000,1.0000,1.0000,1.0000,0.0000", csv.get(2));
        assertEquals("unevaluated,baseline,0.9200,0.9100,NaN,2,3,-0.0200,0.0400,1000,2.50,0.90,20.0,100.0,NaN,"
                + "NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN", csv.get(3));

        String html = Files.readString(out.resolve(ComparisonReport.HTML));
        String text = PageText.of(html);
        assertTrue(text.contains("plain baseline 90.00% 89.00% 90.00% 2/3"), "best and last epoch's validation, test, best epoch of all: "
                + text);
        assertTrue(text.contains("1,000 2.5 0.90 20 s 100 400 weighted"), "train time as people read it: " + text);
        String recall = html.substring(html.indexOf("<h2>Recall per class, test set</h2>"));
        String recallText = PageText.of(recall);
        assertTrue(recallText.contains("T-shirt/top") && recallText.contains("Ankle boot"), recallText);
        assertTrue(recallText.contains("plain 100.00% 100.00% 100.00% 100.00% 100.00% 100.00% 0.00% 100.00% 100.00% 100.00% "
                + "weighted 0.00%"), recallText);
        String plainRow = recall.substring(recall.indexOf(">plain<"), recall.indexOf(">weighted<"));
        assertEquals(9, plainRow.split("<b>100.00%</b>", -1).length - 1, "the best of each class in bold, not plain's 0% shirt: " + plainRow);
        assertTrue(recallText.contains("unevaluated - -"), recallText);
    }

    /** The per-configuration table of a sweep: a header cell for each cell of its rows. */
    @Test
    void theSummaryTableHasAHeaderForEachOfItsColumns() throws Exception {
        RunDirectory s1 = run("s1", 0.90, oneImagePerClass(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
        RunDirectory s2 = run("s2", 0.92, oneImagePerClass(0, 1, 2, 3, 4, 5, 6, 7, 8, 8));
        Path out = tmp.resolve("out");
        Files.createDirectories(out);
        ComparisonReport.write(out, List.of(s1, s2), Map.of(), "t",
                List.of(new ComparisonReport.Group("cfg", "lr 0.001", List.of(s1, s2))));
        String html = Files.readString(out.resolve(ComparisonReport.HTML));
        String table = html.substring(html.indexOf("<h2>Per configuration, over seeds</h2>"));
        table = table.substring(0, table.indexOf("</table>"));
        assertTrue(table.contains("<th>runs</th><th>validation accuracy</th><th>test accuracy</th><th>training time</th></tr>"), table);
        String row = table.substring(table.indexOf("<tr><td"));
        assertEquals(6, row.split("<td", -1).length - 1, row);
        assertEquals(6, table.split("<th", -1).length - 1, table);
    }

    @Test
    void withoutAnyEvaluationThereIsNoRecallTable() throws Exception {
        Path out = tmp.resolve("out");
        Files.createDirectories(out);
        ComparisonReport.write(out, List.of(run("a", 0.9, null)), Map.of(), "t");
        assertFalse(Files.readString(out.resolve(ComparisonReport.HTML)).contains("Recall per class"));
    }

    /** Ten runs, ten colours of the palette: every one of them is painted in the picture. */
    @Test
    void eachOfTenRunsIsDrawnInItsOwnColour() throws Exception {
        List<RunDirectory> runs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            runs.add(run("run" + i, 0.80 + i / 100.0, null));
        }
        ComparisonReport.write(tmp.resolve("ten"), runs, Map.of(), "t");

        BufferedImage png = ImageIO.read(tmp.resolve("ten").resolve(ComparisonReport.CURVES).toFile());
        Set<Integer> painted = new HashSet<>();
        for (int y = 0; y < png.getHeight(); y++) {
            for (int x = 0; x < png.getWidth(); x++) {
                painted.add(png.getRGB(x, y) & 0xffffff);
            }
        }
        for (Color colour : ComparisonReport.RUN_COLOURS) {
            assertTrue(painted.contains(colour.getRGB() & 0xffffff), "no pixel of " + Integer.toHexString(colour.getRGB()));
        }
    }

    /** The legend sits under the curves, one row per run: each run adds its row so the plot keeps its height. */
    @Test
    void theCurvesGrowOneLegendRowTallerForEachRunDrawn() throws Exception {
        Path one = tmp.resolve("one");
        Path three = tmp.resolve("three");
        Files.createDirectories(one);
        Files.createDirectories(three);
        RunDirectory a = run("a", 0.90, null);
        RunDirectory empty = new RunDirectory(tmp.resolve("empty"));
        Files.createDirectories(empty.root());
        empty.writeConfig(TrainConfig.defaults());

        ComparisonReport.write(one, List.of(a), Map.of(), "t");
        ComparisonReport.write(three, List.of(a, run("b", 0.91, null), run("c", 0.92, null), empty), Map.of(), "t");

        int oneHeight = ImageIO.read(one.resolve(ComparisonReport.CURVES).toFile()).getHeight();
        int threeHeight = ImageIO.read(three.resolve(ComparisonReport.CURVES).toFile()).getHeight();
        assertEquals(TrainingCharts.HEIGHT + ComparisonReport.LEGEND_ROW_PIXELS, oneHeight);
        assertEquals(2 * ComparisonReport.LEGEND_ROW_PIXELS, threeHeight - oneHeight, "a run without epochs draws no row");
    }

    /** The terminal's table: one line per run, then the configurations' means and sample deviations, worked by hand. */
    @Test
    void theConsoleSummaryListsEachRunThenEachConfiguration() throws Exception {
        RunDirectory a = run("a", 0.90, oneImagePerClass(0, 1, 2, 3, 4, 5, 0, 7, 8, 9));
        RunDirectory b = run("b", 0.92, null);
        Path out = Files.createDirectories(tmp.resolve("out"));
        ComparisonReport.Written written = ComparisonReport.write(out, List.of(a, b), List.of("lr=0.1, seed 1", "lr=0.1, seed 2"),
                Map.of(), "t", List.of(new ComparisonReport.Group("c1", "lr=0.1", List.of(a, b))), rows -> ComparisonPage.Sections.NONE);
        // validation 0.90 and 0.92: mean 91.00%, sample deviation sqrt(2 * 0.01^2 / 1) = 1.41 points; no test mean, as "b" was not evaluated
        assertEquals("""
                run             model    validation      test   epoch  training
                lr=0.1, seed 1  baseline     90.00%    90.00%     2/3      20 s
                lr=0.1, seed 2  baseline     92.00%         -     2/3      20 s

                configuration runs  validation       test
                lr=0.1           2  91.00% ± 1.41    -
                """, written.summary());
        assertEquals(out.resolve(ComparisonReport.HTML), written.page());
        // the CSV keeps the folders' names, the page the names given
        assertTrue(Files.readString(out.resolve(ComparisonReport.CSV)).contains("\na,baseline,0.9000"));
        assertTrue(Files.readString(written.page()).contains(">lr=0.1, seed 2</a>"));
    }

    /** Only the settings that differ are listed, by option name, with the model's own values resolved. */
    @Test
    void settingsThatDifferAreListedSideBySide() {
        TrainConfig base = TrainConfig.defaults();
        TrainConfig other = base.toBuilder().set(org.atelier.config.TrainSettings.LEARNING_RATE, 0.001)
                .set(org.atelier.config.TrainSettings.EPOCHS, 3).build();
        SettingsDifference d = SettingsDifference.of(List.of("x", "y"), List.of(base, other));
        assertEquals(List.of(new SettingsDifference.Line("--epochs", List.of(String.valueOf(base.epochs()), "3")),
                new SettingsDifference.Line("--lr", List.of("0.002 (the model's own)", "0.001"))), d.lines());
        assertEquals(List.of(), SettingsDifference.of(List.of("x", "y"), List.of(base, base)).lines());
    }

    /** The headline names the runner-up's distance, and runs tied at the best figure together: not "0.00 points lower". */
    @Test
    void theHeadlineSaysTiedWhenTheGapRoundsToNothing() throws Exception {
        RunDirectory a = run("a", 0.92, null);
        RunDirectory b = run("b", 0.91996, null);
        RunDirectory c = run("c", 0.90, null);
        String tied = ComparisonPage.headline(List.of(ComparisonReport.row(a, "a", ""), ComparisonReport.row(b, "b", "")));
        assertEquals("2 runs. Best validation accuracy: 2 runs tied at 92.00% (a, b).", tied);
        String apart = ComparisonPage.headline(List.of(ComparisonReport.row(c, "c", ""), ComparisonReport.row(a, "a", "")));
        assertEquals("2 runs. Best validation accuracy: a, 92.00%; next: c, 2.00 points lower.", apart);
        RunDirectory d = run("d", 0.919985, null);
        String threeTied = ComparisonPage.headline(List.of(ComparisonReport.row(c, "c", ""), ComparisonReport.row(a, "a", ""),
                ComparisonReport.row(b, "b", ""), ComparisonReport.row(d, "d", "")));
        assertEquals("4 runs. Best validation accuracy: 3 runs tied at 92.00% (a, d, b); next: c, 2.00 points lower.", threeTied);
    }
}

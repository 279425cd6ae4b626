package org.atelier.serving;

import org.atelier.config.TrainSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import org.atelier.inference.ModelLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.atelier.inference.ImagePreprocessor;
import org.atelier.inference.PredictionJob;
import org.atelier.models.TestTimeAugmentation;
import org.atelier.reporting.RunReport;
import org.atelier.run.RunDirectory;
import org.atelier.testing.TestRuns;
import org.atelier.training.ProgressListener;
import org.atelier.workflow.RunSteps;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in a real headless Chromium (Debian's chromium and chromium-driver): it lists the
 * model, takes an uploaded picture and shows the class `atelier predict` gives it. Screenshots go
 * to target/screenshots/.
 */
@Tag("slow")
class WebPageTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    static Path tmp;
    static PredictionServer server;
    static RunDirectory run;
    static ChromeDriver browser;

    @BeforeAll
    static void serveAndOpenABrowser() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "needs Debian's chromium and chromium-driver");
        run = new RunDirectory(tmp.resolve("runs").resolve("seed-42"));
        RunSteps.train(TestRuns.smallBaseline(1), TestRuns.data(), run, false, ProgressListener.SILENT, Device.cpu(), "test");
        RunSteps.train(TestRuns.smallBaseline(2).toBuilder().set(TrainSettings.SEED, 7L).build(), TestRuns.data(),
                new RunDirectory(tmp.resolve("runs").resolve("seed-7")), false, ProgressListener.SILENT, Device.cpu(), "test");
        // a run whose metrics.json was damaged: listed with the reason, beside the others
        RunDirectory damaged = new RunDirectory(tmp.resolve("runs").resolve("damaged"));
        try {
            Files.createDirectories(damaged.root());
            Files.copy(run.file(RunDirectory.CONFIG), damaged.file(RunDirectory.CONFIG));
            Files.writeString(damaged.file(RunDirectory.METRICS), "null");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        server = PredictionServer.start(new ServeConfig("127.0.0.1", 0, 32, 0, 64, 1 << 20, null), Map.of("small", run),
                tmp.resolve("runs"), ModelLoader.pytorch(Device.cpu()), new PrintWriter(new StringWriter()));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // As the machine's own check ran it: no sandbox as root, and no background calls to a closed network.
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1200,900",
                "--user-data-dir=" + tmp.resolve("chromium-profile"));
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build(), options);
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    /** The page as it stands, at 1280 and at 800 pixels wide: NAME-1280.png and NAME-800.png. */
    static void screenshot(String name) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "screenshots"));
        org.openqa.selenium.Dimension before = browser.manage().window().getSize();
        for (int width : new int[] {1280, 800}) {
            browser.manage().window().setSize(new org.openqa.selenium.Dimension(width, 1000));
            Files.write(dir.resolve(name.replace(".png", "-" + width + ".png")),
                    ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        }
        browser.manage().window().setSize(before);
    }

    @Test
    void anUploadedPictureShowsTheClassThatPredictGives() throws Exception {
        Path picture = tmp.resolve("garment.png");
        Files.write(picture, org.atelier.data.ImageExport.png(TestRuns.data().test(), 7));
        String expected = new PredictionJob(new ImagePreprocessor(ImagePreprocessor.Background.AUTO), TestTimeAugmentation.NONE,
                ModelLoader.pytorch(Device.cpu())).run(run, List.of(picture)).predictions().get(0).className();

        browser.get(server.address().toString());
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(d -> d.findElement(By.id("status")).getText().contains("model(s) ready"));
        assertEquals("small", browser.findElement(By.id("model")).getAttribute("value"));
        browser.findElement(By.id("files")).sendKeys(picture.toString());
        WebElement card = wait.until(d -> d.findElements(By.cssSelector(".result")).stream().findFirst().orElse(null));

        assertEquals(expected, card.getAttribute("data-top"));
        assertTrue(card.getText().contains("garment.png"), card.getText());
        assertEquals(3, card.findElements(By.cssSelector(".bar")).size(), "the top three classes as bars");
        assertEquals(1, card.findElements(By.tagName("canvas")).size(), "the 28x28 picture the model saw");
        screenshot("page-prediction.png");
    }

    /** How many of a result card's picture's pixels are not grey (red, green and blue not all equal). */
    static long colouredPixels(WebElement card) {
        return (Long) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "const c = arguments[0].querySelector('canvas'); const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                        + " let n = 0; for (let i = 0; i < d.length; i += 4) { if (d[i] !== d[i + 1] || d[i + 1] !== d[i + 2]) n++; }"
                        + " return n;", card);
    }

    /**
     * "show what the model looked at" is off at first, and the picture is grey; ticked, the next
     * picture comes back with its Grad-CAM map blended over it in colour, and the class is the same.
     */
    @Test
    void tickingTheBoxShowsWhatTheModelLookedAtOverThePicture() throws Exception {
        Path picture = tmp.resolve("looked-at.png");
        Files.write(picture, org.atelier.data.ImageExport.png(TestRuns.data().test(), 7));
        browser.get(server.address().toString());
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(d -> d.findElement(By.id("status")).getText().contains("model(s) ready"));
        WebElement box = browser.findElement(By.id("explain"));
        assertTrue(!box.isSelected(), "off by default");
        assertTrue(browser.findElement(By.cssSelector("label:has(#explain)")).getText().contains("show what the model looked at"));

        browser.findElement(By.id("files")).sendKeys(picture.toString());
        WebElement plain = wait.until(d -> d.findElements(By.cssSelector(".result")).stream().findFirst().orElse(null));
        assertEquals(0, colouredPixels(plain), "without the box the picture is grey");

        box.click();
        browser.findElement(By.id("files")).clear();
        browser.findElement(By.id("files")).sendKeys(picture.toString());
        wait.until(d -> d.findElements(By.cssSelector(".result")).size() == 2);
        WebElement explained = browser.findElements(By.cssSelector(".result")).get(0);
        assertEquals(plain.getAttribute("data-top"), explained.getAttribute("data-top"), "the same class");
        long coloured = colouredPixels(explained);
        assertTrue(coloured > 392, "most of the 784 pixels are coloured by the map: " + coloured);
        // each canvas pixel is the server's map blended over the picture, as predict's --explain pictures are
        var answer = Exchanges.JSON.readTree(java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        server.address().resolve("/predictions/small?explain=true&pixels"))
                        .header("Content-Type", "image/png").POST(java.net.http.HttpRequest.BodyPublishers.ofFile(picture)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body());
        @SuppressWarnings("unchecked")
        List<Long> canvas = (List<Long>) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "const c = arguments[0].querySelector('canvas'); return Array.from(c.getContext('2d').getImageData(0, 0, 28, 28).data);",
                explained);
        for (int i = 0; i < 784; i++) {
            int expected = org.atelier.explain.HeatmapOverlay.blended(answer.get("pixels").get(i).floatValue() / 255f,
                    answer.get("explanation").get(i).floatValue());
            for (int channel = 0; channel < 3; channel++) {
                int want = (expected >> (16 - 8 * channel)) & 0xff;
                long got = canvas.get(4 * i + channel);
                assertTrue(Math.abs(want - got) <= 1, "pixel " + i + " channel " + channel + ": " + got + ", expected " + want);
            }
        }
        screenshot("page-explanation.png");

        // a map of zeros is no evidence: the picture stays grey and the card says so in words
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("show({name: 'blank.png', class: 'Shirt', "
                + "top: [{class: 'Shirt', probability: 0.5}], pixels: new Array(784).fill(200), explanation: new Array(784).fill(0)});");
        WebElement empty = browser.findElements(By.cssSelector(".result")).get(0);
        assertEquals(0, colouredPixels(empty), "nothing painted for no evidence");
        assertEquals("no positive evidence for Shirt anywhere in the picture", empty.findElement(By.cssSelector(".note")).getText());
        screenshot("page-no-evidence.png");

        // more pictures than one request may have explained go in turns, each explained
        List<String> many = new java.util.ArrayList<>();
        for (int i = 0; i < 65; i++) {
            Path copy = tmp.resolve("many-" + i + ".png");
            Files.copy(picture, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            many.add(copy.toString());
        }
        int before = browser.findElements(By.cssSelector(".result")).size();
        browser.findElement(By.id("files")).clear();
        browser.findElement(By.id("files")).sendKeys(String.join("\n", many));
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> d.findElement(By.id("status")).getText()
                .equals("65 picture(s) predicted by small"));
        assertEquals(before + 65, browser.findElements(By.cssSelector(".result")).size());
        assertTrue(colouredPixels(browser.findElements(By.cssSelector(".result")).get(0)) > 392, "the last turn's are explained too");
    }

    @Test
    void whileTheModelsLoadThePageSaysSoAndListsThemWhenReady() throws Exception {
        LoadingServer loading = new LoadingServer(run, tmp.resolve("loading"), "late");
        PredictionServer late = null;
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
            browser.get(loading.address().toString());
            wait.until(d -> d.findElement(By.id("status")).getText().equals("the server is loading its models..."));
            screenshot("page-loading.png");
            late = loading.release();
            wait.until(d -> d.findElement(By.id("status")).getText().equals("1 model(s) ready"));
            assertEquals("late", browser.findElement(By.id("model")).getAttribute("value"));
        } finally {
            if (late == null) {
                late = loading.release();
            }
            late.close();
        }
    }

    @Test
    void theRunsPageSortsRunsAndComparesTwo() throws Exception {
        browser.get(server.address().resolve("runs.html").toString());
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(d -> d.findElement(By.id("status")).getText().equals("3 runs"));
        List<String> byValidation = browser.findElements(By.cssSelector("#runs tbody tr")).stream()
                .map(r -> r.getAttribute("data-id")).toList();
        browser.findElement(By.cssSelector("th[data-key='id']")).click();
        assertEquals(List.of("damaged", "seed-42", "seed-7"), browser.findElements(By.cssSelector("#runs tbody tr")).stream()
                .map(r -> r.getAttribute("data-id")).toList(), "sorted by name");
        browser.findElement(By.cssSelector("th[data-key='id']")).click();
        assertEquals(List.of("seed-7", "seed-42", "damaged"), browser.findElements(By.cssSelector("#runs tbody tr")).stream()
                .map(r -> r.getAttribute("data-id")).toList(), "and back");
        assertEquals(3, byValidation.size());
        String damagedRow = browser.findElement(By.cssSelector("#runs tbody tr[data-id='damaged']")).getText();
        assertTrue(damagedRow.contains("cannot be read") && damagedRow.contains("metrics.json"), damagedRow);
        String seven = browser.findElement(By.cssSelector("#runs tbody tr[data-id='seed-7']")).getText();
        // the settings changed from the defaults, as typed: a 2-epoch run on 3,000 images does not look like a full one
        assertTrue(seven.contains("--epochs 2") && seven.contains("--train-limit 3000") && seven.contains("--seed 7"), seven);

        for (WebElement box : browser.findElements(By.cssSelector("#runs tbody input[type=checkbox]"))) {
            if (box.isEnabled()) {
                box.click();
            }
        }
        browser.findElement(By.id("compare")).click();
        wait.until(d -> d.findElements(By.cssSelector("#legend span")).size() == 2);
        String differences = browser.findElement(By.id("differences")).getText();
        assertTrue(differences.contains("--seed") && differences.contains("--epochs"), differences);
        assertTrue(!differences.contains("--batch-size"), "only the settings that differ: " + differences);
        String report = browser.findElement(By.cssSelector("#runs tbody tr a")).getAttribute("href");
        screenshot("runs-comparison.png");
        browser.get(report);
        assertTrue(browser.getPageSource().contains("training-curves.png"), "the run's report.html");
        Boolean imageLoaded = (Boolean) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "const i = [...document.images].find(i => i.src.endsWith('training-curves.png')); return !!i && i.naturalWidth > 0;");
        assertTrue(imageLoaded, "the report's pictures load beside it");
    }

    /**
     * On a server with a token, the page asks for it after its first 401, or takes it from the
     * address's #token= fragment (which no server sees), keeps it for the tab and sends it on every call.
     */
    @Test
    void onAServerWithATokenThePageAsksForItOrTakesItFromTheFragmentAndSendsIt() throws Exception {
        try (PredictionServer guarded = PredictionServer.start(new ServeConfig("127.0.0.1", 0, 32, 0, 64, 1 << 20, "s3cret"),
                Map.of("small", run), tmp.resolve("runs"), ModelLoader.pytorch(Device.cpu()), new PrintWriter(new StringWriter()))) {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
            browser.get(guarded.address().toString());
            ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
            browser.navigate().refresh();
            wait.until(d -> d.findElement(By.id("status")).getText().contains("a valid token is needed"));
            WebElement field = wait.until(d -> d.findElement(By.id("token")));
            screenshot("page-token.png");
            field.sendKeys("s3cret\n");
            wait.until(d -> d.findElement(By.id("status")).getText().equals("1 model(s) ready"));
            Path picture = tmp.resolve("token-garment.png");
            Files.write(picture, org.atelier.data.ImageExport.png(TestRuns.data().test(), 3));
            browser.findElement(By.id("files")).sendKeys(picture.toString());
            WebElement card = wait.until(d -> d.findElements(By.cssSelector(".result")).stream().findFirst().orElse(null));
            assertTrue(!card.getAttribute("data-top").isEmpty(), "predicted with the token: " + card.getText());

            ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
            browser.get(guarded.address().resolve("runs.html") + "#token=s3cret");
            wait.until(d -> d.findElement(By.id("status")).getText().equals("3 runs"));
            assertTrue(!browser.getCurrentUrl().contains("s3cret"), "the token leaves the address bar: " + browser.getCurrentUrl());
        }
    }

    /** A run folder's files copied to {@code to}: a run of its own to evaluate without touching the others'. */
    static RunDirectory copyOf(RunDirectory from, Path to) throws Exception {
        Files.createDirectories(to);
        try (var files = Files.list(from.root())) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
        return new RunDirectory(to);
    }

    /**
     * report.html says what is still to do before the test set is evaluated, lists the settings as
     * typed (nothing as -1 or null), and then shows the confusion matrices on a light-to-dark scale:
     * white text on the dark cells, dark on the light, percentages on the normalised one, no grid.
     */
    @Test
    void theReportSaysTheTestSetIsToComeThenShowsReadableConfusionMatrices() throws Exception {
        RunDirectory own = copyOf(run, tmp.resolve("report-run"));
        RunReport.write(own);
        browser.get(own.file(RunDirectory.REPORT).toUri().toString());
        // the headline's state, then the test set's section
        List<String> states = browser.findElements(By.cssSelector(".state")).stream().map(WebElement::getText).toList();
        assertEquals(List.of("trained", "not evaluated"), states);
        assertTrue(browser.getPageSource().contains("Not evaluated on the test set yet: ./atelier evaluate " + own.root()));
        assertTrue(browser.findElement(By.cssSelector("p.headline")).getText().endsWith("not evaluated on the test set yet."),
                browser.findElement(By.cssSelector("p.headline")).getText());
        List<String> settings = browser.findElements(By.cssSelector("table.settings tr:not(.group)")).stream()
                .map(WebElement::getText).toList();
        assertTrue(settings.contains("--model baseline") && settings.contains("--early-stopping 0 (off)"), settings.toString());
        assertTrue(settings.stream().noneMatch(row -> row.endsWith(" -1") || row.endsWith(" -1.0") || row.contains("null")),
                settings.toString());
        assertEquals(0, browser.findElements(By.cssSelector("table.confusion")).size());
        screenshot("report-not-evaluated.png");

        RunSteps.evaluate(own, TestRuns.data().test(), TestRuns.data().validation(), TestTimeAugmentation.NONE, Device.cpu());
        browser.get(own.file(RunDirectory.REPORT).toUri().toString());
        List<WebElement> matrices = browser.findElements(By.cssSelector("table.confusion"));
        assertEquals(2, matrices.size(), "shares, then counts");
        List<WebElement> shares = matrices.get(0).findElements(By.tagName("td"));
        assertEquals(100, shares.size());
        int dark = 0;
        for (WebElement cell : shares) {
            String text = cell.getText();
            assertTrue(text.equals("0") || text.endsWith("%"), "a share is a percentage: " + text);
            boolean isDark = cell.getAttribute("class").contains("dark");
            dark += isDark ? 1 : 0;
            assertEquals(isDark ? "rgba(255, 255, 255, 1)" : "rgba(31, 41, 51, 1)", cell.getCssValue("color"), text);
            assertEquals("none", cell.getCssValue("border-top-style"), "no grid line through " + text);
        }
        assertTrue(dark > 0 && dark < 100, "a scale from light to dark: " + dark + " dark cells");
        assertTrue(browser.findElement(By.cssSelector("p.headline")).getText().contains("test accuracy"));
        screenshot("report.png");
    }

    /** comparison.html of two runs trained differently: a headline, and the settings in which they differ side by side. */
    @Test
    void theComparisonNamesTheBestRunAndShowsTheSettingsThatDiffer() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("compare"));
        List<RunDirectory> both = List.of(run, new RunDirectory(tmp.resolve("runs").resolve("seed-7")));
        Path page = org.atelier.reporting.ComparisonReport.write(out, both, Map.of(), "Atelier comparison").page();
        browser.get(page.toUri().toString());
        String headline = browser.findElement(By.cssSelector("p.headline")).getText();
        assertTrue(headline.startsWith("2 runs. Best validation accuracy: seed-"), headline);
        List<String> differing = browser.findElements(By.cssSelector("table.settings tr")).stream().map(WebElement::getText).toList();
        assertEquals(List.of("option seed-42 seed-7", "--epochs 1 2", "--seed 42 7"), differing);
        WebElement name = browser.findElement(By.cssSelector("td.name"));
        assertEquals("nowrap", name.getCssValue("white-space"));
        screenshot("comparison.png");
    }
}

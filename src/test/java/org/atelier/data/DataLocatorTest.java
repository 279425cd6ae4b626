package org.atelier.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.atelier.testing.TestData;
import org.atelier.util.UserException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingConsumer;
import org.junit.jupiter.api.io.TempDir;

class DataLocatorTest {
    @TempDir
    Path tmp;

    private final Downloader unreachable = new Downloader(URI.create("http://127.0.0.1:9/")) {
        @Override
        public void downloadInto(Path dir) {
            throw new UserException("unreachable in this test");
        }
    };

    private Path complete(String name) throws IOException {
        return TestData.writeDataset(Files.createDirectories(tmp.resolve(name)), 1, 1, true);
    }

    @Test
    void explicitFolderComesFirst() throws IOException {
        Path explicit = complete("explicit");
        DataLocator locator = new DataLocator(complete("cache"), complete("debian"),
                Map.of(DataLocator.ENV_VARIABLE, complete("env").toString()), unreachable);
        assertEquals(new DataLocator.Located(explicit, "--data"), locator.locate(explicit));
    }

    @Test
    void thenTheEnvironmentVariableThenCacheThenDebian() throws IOException {
        Path env = complete("env");
        Path cache = complete("cache");
        Path debian = complete("debian");
        assertEquals(env, new DataLocator(cache, debian, Map.of(DataLocator.ENV_VARIABLE, env.toString()), unreachable)
                .locate(null).dir());
        assertEquals(cache, new DataLocator(cache, debian, Map.of(), unreachable).locate(null).dir());
        assertEquals(debian, new DataLocator(tmp.resolve("empty"), debian, Map.of(), unreachable).locate(null).dir());
    }

    @Test
    void explicitFolderWithoutTheFilesIsAnError() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        DataLocator locator = new DataLocator(complete("cache"), complete("debian"), Map.of(), unreachable);
        UserException e = assertThrows(UserException.class, () -> locator.locate(empty));
        assertEquals("--data names " + empty + ", which lacks train-images-idx3-ubyte(.gz)", e.getMessage());
    }

    @Test
    void nothingAnywhereSaysWhatToDo() {
        DataLocator locator = new DataLocator(tmp.resolve("c"), tmp.resolve("d"), Map.of(), unreachable);
        UserException e = assertThrows(UserException.class, () -> locator.locate(null));
        assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
        assertTrue(e.getMessage().contains("--data DIR"), e.getMessage());
    }

    /** Runs {@code body} while {@code source}'s files are served over loopback HTTP, as a mirror would; it gets the mirror's URL. */
    private static void withMirror(Path source, ThrowingConsumer<URI> body) throws Throwable {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            Path file = source.resolve(exchange.getRequestURI().getPath().substring(1));
            if (!Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                byte[] bytes = Files.readAllBytes(file);
                exchange.sendResponseHeaders(200, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
            exchange.close();
        });
        server.start();
        try {
            body.accept(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"));
        } finally {
            server.stop(0);
        }
    }

    /** A locator with nothing but the mirror at {@code uri} (named in the environment too). */
    private DataLocator onlyTheMirror(Path cache, URI uri) {
        return new DataLocator(cache, tmp.resolve("none"), Map.of(DataLocator.MIRROR_VARIABLE, uri.toString()),
                new Downloader(DataLocator.mirror(Map.of(DataLocator.MIRROR_VARIABLE, uri.toString()))));
    }

    /** The names in {@code dir}, sorted; none when it does not exist. */
    private static List<String> names(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    /** A copy of the real files (the test is skipped without them). */
    private Path realCopy(String name) throws IOException {
        Assumptions.assumeTrue(TestData.realDataPresent(), "the served copy must be the real data for the checksums to match");
        Path dir = Files.createDirectories(tmp.resolve(name));
        for (FashionMnist.DataFile file : FashionMnist.DataFile.values()) {
            String gz = file.baseName() + ".gz";
            Files.copy(DataLocator.DEBIAN_DIR.resolve(gz), dir.resolve(gz));
        }
        return dir;
    }

    @Test
    void theMirrorIsTheOfficialOneUnlessTheEnvironmentNamesAnother() {
        assertEquals(DataLocator.OFFICIAL_MIRROR, DataLocator.mirror(Map.of()));
        assertEquals(DataLocator.OFFICIAL_MIRROR, DataLocator.mirror(Map.of(DataLocator.MIRROR_VARIABLE, " ")));
        assertEquals(URI.create("http://127.0.0.1:8000/fm/"),
                DataLocator.mirror(Map.of(DataLocator.MIRROR_VARIABLE, "http://127.0.0.1:8000/fm")));
        assertEquals(URI.create("https://mirror.example/fm/"),
                DataLocator.mirror(Map.of(DataLocator.MIRROR_VARIABLE, "https://mirror.example/fm/")));
        for (String bad : List.of("ftp://host/fm/", "/srv/fm", "http:///fm", "http://a b/")) {
            UserException e = assertThrows(UserException.class,
                    () -> DataLocator.mirror(Map.of(DataLocator.MIRROR_VARIABLE, bad)));
            assertEquals(DataLocator.MIRROR_VARIABLE + " must be an http or https URL of a folder holding the four .gz files, got '"
                    + bad + "'", e.getMessage());
        }
    }

    @Test
    void downloadWithWrongContentLeavesNoFileBehind() throws Throwable {
        Path served = complete("served"); // generated data: its content hash is not the official one
        withMirror(served, uri -> {
            Path cache = tmp.resolve("cache");
            UserException e = assertThrows(UserException.class, () -> onlyTheMirror(cache, uri).locate(null));
            assertTrue(e.getMessage().contains("failed the integrity check"), e.getMessage());
            assertEquals(List.of(), names(cache), "no partial or unverified file in the cache");
        });
    }

    @Test
    void aBrokenGzipIsRefusedInOneLineNamingItsUrlNotTheTempFile() throws Throwable {
        Path served = complete("served");
        Path images = served.resolve(FashionMnist.DataFile.TRAIN_IMAGES.baseName() + ".gz");
        byte[] whole = Files.readAllBytes(images);
        Files.write(images, java.util.Arrays.copyOf(whole, whole.length / 2));
        withMirror(served, uri -> {
            Path cache = tmp.resolve("cache");
            UserException e = assertThrows(UserException.class, () -> onlyTheMirror(cache, uri).locate(null));
            assertTrue(e.getMessage().startsWith("no Fashion-MNIST data found, and the download failed: " + uri
                    + "train-images-idx3-ubyte.gz failed the integrity check: truncated: the gzip stream ends early."),
                    e.getMessage());
            assertFalse(e.getMessage().contains(".part") || e.getMessage().contains("\n"), e.getMessage());
            assertEquals(List.of(), names(cache));
        });
    }

    @Test
    void downloadOfTheRealFilesVerifiesAndFillsTheCache() throws Throwable {
        withMirror(realCopy("served"), uri -> {
            Path cache = tmp.resolve("cache");
            DataLocator.Located found = onlyTheMirror(cache, uri).locate(null);
            assertEquals(new DataLocator.Located(cache, "a download from " + uri), found);
            assertTrue(FashionMnist.isComplete(cache));
            assertEquals(4, names(cache).size(), "the four files and nothing else: " + names(cache));
            assertEquals(FashionMnist.DataFile.TRAIN_IMAGES.contentSha256(),
                    Downloader.contentSha256(cache.resolve("train-images-idx3-ubyte.gz")));
        });
    }

    @Test
    void oneCorruptedRealFileIsRefusedAndOnlyTheVerifiedOnesLand() throws Throwable {
        Path served = realCopy("served");
        // A whole gzip, whose content is the real test images with one pixel changed.
        Path images = served.resolve("t10k-images-idx3-ubyte.gz");
        byte[] content = IdxReader.decompressedContent(images);
        content[content.length - 1] ^= 1;
        try (OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(images))) {
            out.write(content);
        }
        withMirror(served, uri -> {
            Path cache = tmp.resolve("cache");
            UserException e = assertThrows(UserException.class, () -> onlyTheMirror(cache, uri).locate(null));
            assertTrue(e.getMessage().contains(uri + "t10k-images-idx3-ubyte.gz failed the integrity check: content SHA-256 "),
                    e.getMessage());
            assertEquals(List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"), names(cache),
                    "the files before it, verified, and no trace of it");
        });
    }

    @Test
    void withAMirrorNamedAnEmptyDataFolderIsFilledFromIt() throws Throwable {
        Path root = realCopy("served");
        Path sub = Files.createDirectories(tmp.resolve("www").resolve("fm"));
        try (Stream<Path> files = Files.list(root)) {
            for (Path f : files.toList()) {
                Files.move(f, sub.resolve(f.getFileName()));
            }
        }
        withMirror(tmp.resolve("www"), uri -> {
            Path data = Files.createDirectories(tmp.resolve("data"));
            String mirror = uri + "fm"; // a folder named without its last '/'
            Map<String, String> env = Map.of(DataLocator.ENV_VARIABLE, data.toString(), DataLocator.MIRROR_VARIABLE, mirror);
            DataLocator locator = new DataLocator(complete("cache"), tmp.resolve("none"), env,
                    new Downloader(DataLocator.mirror(env)));
            assertEquals(new DataLocator.Located(data, "ATELIER_DATA, filled by a download from " + mirror + "/"),
                    locator.locate(null));
            assertTrue(FashionMnist.isComplete(data));
            // Complete now: the same folder is used as it is.
            assertEquals(new DataLocator.Located(data, "ATELIER_DATA"), locator.locate(null));
        });
    }
}

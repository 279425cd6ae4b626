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
import java.util.Map;
import java.util.stream.Stream;
import org.atelier.testing.TestData;
import org.atelier.util.UserException;
import org.junit.jupiter.api.Test;
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

    /** Serves {@code source}'s files over loopback HTTP, as a mirror would. */
    private static HttpServer mirror(Path source) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            Path file = source.resolve(exchange.getRequestURI().getPath().substring(1));
            if (!Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                byte[] body = Files.readAllBytes(file);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
        return server;
    }

    @Test
    void downloadWithWrongContentLeavesNoFileBehind() throws IOException {
        Path served = complete("served"); // generated data: its content hash is not the official one
        HttpServer server = mirror(served);
        try {
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
            Path cache = tmp.resolve("cache");
            DataLocator locator = new DataLocator(cache, tmp.resolve("none"), Map.of(), new Downloader(uri));
            UserException e = assertThrows(UserException.class, () -> locator.locate(null));
            assertTrue(e.getMessage().contains("failed the integrity check"), e.getMessage());
            try (Stream<Path> left = Files.list(cache)) {
                assertEquals(0, left.count(), "no partial or unverified file in the cache");
            }
        } finally {
            server.stop(0);
        }
    }

    @Test
    void downloadOfTheRealFilesVerifiesAndFillsTheCache() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(TestData.realDataPresent(),
                "the served copy must be the real data for the checksums to match");
        HttpServer server = mirror(DataLocator.DEBIAN_DIR);
        try {
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
            Path cache = tmp.resolve("cache");
            DataLocator locator = new DataLocator(cache, tmp.resolve("none"), Map.of(), new Downloader(uri));
            DataLocator.Located found = locator.locate(null);
            assertEquals(cache, found.dir());
            assertTrue(found.source().startsWith("a download from http://127.0.0.1:"));
            assertTrue(FashionMnist.isComplete(cache));
            try (Stream<Path> files = Files.list(cache)) {
                assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".part")));
            }
        } finally {
            server.stop(0);
        }
    }
}

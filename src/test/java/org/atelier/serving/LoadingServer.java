package org.atelier.serving;

import ai.djl.Device;
import org.atelier.inference.ModelLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.atelier.run.RunDirectory;
import org.junit.jupiter.api.Assumptions;

/**
 * A server caught while it loads its one model: the served copy of a trained run has a named pipe
 * for config.json, so loading waits until {@link #release()} writes the real file into it. The
 * server listens on a free loopback port meanwhile, from the moment the constructor returns. Skipped (by assumption) where mkfifo is missing.
 */
final class LoadingServer {
    private final Path config;
    private final String configText;
    private final URI address;
    private final CompletableFuture<PredictionServer> starting;

    LoadingServer(RunDirectory trained, Path dir, String name) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Files.copy(trained.file(RunDirectory.BEST_PARAMS), dir.resolve(RunDirectory.BEST_PARAMS));
        config = dir.resolve(RunDirectory.CONFIG);
        configText = Files.readString(trained.file(RunDirectory.CONFIG));
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", config.toString()).start();
        } catch (IOException e) {
            mkfifo = null;
        }
        Assumptions.assumeTrue(mkfifo != null && mkfifo.waitFor() == 0, "needs mkfifo");
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        address = URI.create("http://127.0.0.1:" + port + "/");
        ServeConfig serve = new ServeConfig("127.0.0.1", port, 32, 0, 64, 1 << 20, null);
        starting = CompletableFuture.supplyAsync(() -> PredictionServer.start(serve, Map.of(name, new RunDirectory(dir)),
                ModelLoader.pytorch(Device.cpu()), new PrintWriter(new StringWriter())));
        awaitListening(port);
    }

    /** The server binds its port before it loads; wait (up to 10 s) until it accepts connections. */
    private static void awaitListening(int port) throws IOException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (ConnectException notYetListening) {
                if (attempt == 100) {
                    throw notYetListening;
                }
                Thread.sleep(100);
            }
        }
    }

    URI address() {
        return address;
    }

    boolean loaded() {
        return starting.isDone();
    }

    /** Lets the model load; returns the server once it is ready. */
    PredictionServer release() throws Exception {
        // Opening the pipe for writing lets the loader, blocked in opening it for reading, go on.
        Files.writeString(config, configText);
        return starting.get(60, TimeUnit.SECONDS);
    }
}

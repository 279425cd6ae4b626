package org.atelier.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.atelier.util.AtomicFiles;
import org.atelier.util.UserException;

/**
 * Downloads the four files from a mirror into a folder. Each goes to a temp file, is checked
 * against the known SHA-256 of its decompressed content, and only then moved into place, so the
 * folder never holds a partial or wrong file.
 */
public class Downloader {
    private final URI mirror;
    private final HttpClient client;

    public Downloader(URI mirror) {
        this.mirror = mirror;
        this.client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(15))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    public URI mirror() {
        return mirror;
    }

    public void downloadInto(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UserException("cannot create " + dir + ": " + e.getMessage());
        }
        for (FashionMnist.DataFile file : FashionMnist.DataFile.values()) {
            if (file.locate(dir) == null) {
                downloadOne(file, dir);
            }
        }
    }

    private void downloadOne(FashionMnist.DataFile file, Path dir) {
        String name = file.baseName() + ".gz";
        URI uri = mirror.resolve(name);
        Path target = dir.resolve(name);
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + name, ".part");
            HttpResponse<InputStream> response = client.send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                response.body().close();
                throw new UserException(uri + " answered HTTP " + response.statusCode());
            }
            long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            copyWithProgress(response.body(), tmp, length, name);
            String actual;
            try {
                actual = contentSha256(tmp);
            } catch (DataFormatException e) { // named after the temp file, which the user never sees
                throw new UserException(uri + " failed the integrity check: " + e.problem());
            }
            if (!actual.equals(file.contentSha256())) {
                throw new UserException(uri + " failed the integrity check: content SHA-256 " + actual
                        + ", expected " + file.contentSha256());
            }
            AtomicFiles.moveIntoPlace(tmp, target);
            tmp = null;
        } catch (IOException e) {
            throw new UserException("cannot download " + uri + " (" + e + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserException("download of " + uri + " interrupted");
        } finally {
            AtomicFiles.deleteQuietly(tmp);
        }
    }

    private static void copyWithProgress(InputStream body, Path tmp, long length, String name) throws IOException {
        ProgressBarBuilder builder = new ProgressBarBuilder()
                .setTaskName(name)
                .setInitialMax(length)
                .setStyle(ProgressBarStyle.ASCII)
                .setUnit(" KiB", 1024)
                .showSpeed();
        try (InputStream in = ProgressBar.wrap(body, builder); OutputStream out = Files.newOutputStream(tmp)) {
            in.transferTo(out);
        }
    }

    static String contentSha256(Path file) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(IdxReader.decompressedContent(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

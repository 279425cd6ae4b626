package org.atelier.data;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.atelier.util.UserException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the Fashion-MNIST files. Tried in order: the --data option, the ATELIER_DATA environment
 * variable (or the atelier.data system property), the user cache, Debian's dataset-fashion-mnist package, then a download from the
 * official mirror into the cache. An explicit location (option or variable) that lacks the files is
 * an error rather than silently skipped: the user asked for that folder.
 */
public final class DataLocator {
    private static final Logger LOG = LoggerFactory.getLogger(DataLocator.class);

    public static final String ENV_VARIABLE = "ATELIER_DATA";
    /** The same as {@link #ENV_VARIABLE} for a program that runs Atelier in its own JVM (and for the tests). */
    public static final String PROPERTY = "atelier.data";
    public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    public static final URI OFFICIAL_MIRROR = URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/");

    private final Path cacheDir;
    private final Path systemDir;
    private final Map<String, String> environment;
    private final Downloader downloader;

    public DataLocator(Path cacheDir, Path systemDir, Map<String, String> environment, Downloader downloader) {
        this.cacheDir = cacheDir;
        this.systemDir = systemDir;
        this.environment = environment;
        this.downloader = downloader;
    }

    /** The locations of this machine and user, downloading from the official mirror. */
    public static DataLocator standard() {
        Path cache = Path.of(System.getProperty("user.home"), ".cache", "atelier", "fashion-mnist");
        Map<String, String> environment = System.getenv();
        String property = System.getProperty(PROPERTY);
        if (property != null && !environment.containsKey(ENV_VARIABLE)) {
            environment = new java.util.HashMap<>(environment);
            environment.put(ENV_VARIABLE, property);
        }
        return new DataLocator(cache, DEBIAN_DIR, environment, new Downloader(OFFICIAL_MIRROR));
    }

    /** Where the data was found, and how that place was chosen. */
    public record Located(Path dir, String source) {}

    public Located locate(Path explicitDir) {
        Located found = find(explicitDir);
        LOG.info("Fashion-MNIST from {}: {}", found.source(), found.dir());
        return found;
    }

    private Located find(Path explicitDir) {
        if (explicitDir != null) {
            return requireComplete(explicitDir, "--data");
        }
        String fromEnv = environment.get(ENV_VARIABLE);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return requireComplete(Path.of(fromEnv), ENV_VARIABLE);
        }
        if (FashionMnist.isComplete(cacheDir)) {
            return new Located(cacheDir, "the user cache");
        }
        if (FashionMnist.isComplete(systemDir)) {
            return new Located(systemDir, "Debian's dataset-fashion-mnist");
        }
        try {
            downloader.downloadInto(cacheDir);
        } catch (UserException e) {
            throw new UserException("no Fashion-MNIST data found, and the download failed: " + e.getMessage()
                    + ". Install Debian's package (sudo apt-get install dataset-fashion-mnist), or pass --data DIR"
                    + " (or set " + ENV_VARIABLE + ") naming a folder with the four IDX files.");
        }
        return new Located(cacheDir, "a download from " + downloader.mirror());
    }

    private static Located requireComplete(Path dir, String source) {
        if (!Files.isDirectory(dir)) {
            throw new UserException(source + " names " + dir + ", which is not a folder");
        }
        for (FashionMnist.DataFile file : FashionMnist.DataFile.values()) {
            if (file.locate(dir) == null) {
                throw new UserException(source + " names " + dir + ", which lacks " + file.baseName() + "(.gz)");
            }
        }
        return new Located(dir, source);
    }
}

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
 * mirror into the cache. An explicit location (option or variable) that lacks the files is
 * an error rather than silently skipped: the user asked for that folder. The mirror is the official
 * one unless ATELIER_MIRROR (or the atelier.mirror system property) names another; with a mirror
 * named, an explicit folder that lacks files is filled from it instead.
 */
public final class DataLocator {
    private static final Logger LOG = LoggerFactory.getLogger(DataLocator.class);

    public static final String ENV_VARIABLE = "ATELIER_DATA";
    /** The same as {@link #ENV_VARIABLE} for a program that runs Atelier in its own JVM (and for the tests). */
    public static final String PROPERTY = "atelier.data";
    public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    public static final URI OFFICIAL_MIRROR = URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/");
    /** A mirror of one's own (an http or https URL of a folder holding the four .gz files). */
    public static final String MIRROR_VARIABLE = "ATELIER_MIRROR";
    public static final String MIRROR_PROPERTY = "atelier.mirror";

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

    /** The locations of this machine and user, downloading from the mirror the environment names, else the official one. */
    public static DataLocator standard() {
        Path cache = Path.of(System.getProperty("user.home"), ".cache", "atelier", "fashion-mnist");
        Map<String, String> environment = new java.util.HashMap<>(System.getenv());
        environment.putIfAbsent(ENV_VARIABLE, System.getProperty(PROPERTY));
        environment.putIfAbsent(MIRROR_VARIABLE, System.getProperty(MIRROR_PROPERTY));
        environment.values().removeIf(java.util.Objects::isNull);
        return new DataLocator(cache, DEBIAN_DIR, environment, new Downloader(mirror(environment)));
    }

    /** The mirror named by ATELIER_MIRROR, as a folder's URL (ending in '/'), else the official one. */
    static URI mirror(Map<String, String> environment) {
        String named = environment.get(MIRROR_VARIABLE);
        if (named == null || named.isBlank()) {
            return OFFICIAL_MIRROR;
        }
        URI uri;
        try {
            uri = new URI(named.endsWith("/") ? named : named + "/");
        } catch (java.net.URISyntaxException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new UserException(MIRROR_VARIABLE + " must be an http or https URL of a folder holding the four .gz files, got '"
                    + named + "'");
        }
        return uri;
    }

    private boolean mirrorNamed() {
        String named = environment.get(MIRROR_VARIABLE);
        return named != null && !named.isBlank();
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
                    + " (or set " + ENV_VARIABLE + ") naming a folder with the four IDX files, or set " + MIRROR_VARIABLE
                    + " to a mirror's URL.");
        }
        return new Located(cacheDir, "a download from " + downloader.mirror());
    }

    private Located requireComplete(Path dir, String source) {
        if (mirrorNamed() && !FashionMnist.isComplete(dir)) {
            try {
                downloader.downloadInto(dir);
            } catch (UserException e) {
                throw new UserException(source + " names " + dir + ", which lacks files, and the download failed: "
                        + e.getMessage());
            }
            return new Located(dir, source + ", filled by a download from " + downloader.mirror());
        }
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

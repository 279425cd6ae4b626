package org.atelier.util;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files so that readers see either the old content or the complete new one, never a half
 * file: through a temp file beside the target, forced to disk, then moved over it. A symbolic link
 * is followed, so the file it points to is replaced and the link stays; a device or pipe
 * (/dev/stdout, a FIFO) cannot be replaced and is written directly. Temp files are created with the
 * process's umask, as any other new file.
 */
public final class AtomicFiles {
    /** Temp files are ".NAME.RANDOM.tmp" in the target's folder: hidden, and named as what they are. */
    private static final String TEMP_SUFFIX = ".tmp";

    private AtomicFiles() {}

    /** Something that writes a file's content to a stream. */
    @FunctionalInterface
    public interface StreamWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    public static void write(Path target, StreamWriter writer) {
        Path tmp = null;
        try {
            Path destination = destinationOf(target);
            if (Files.exists(destination) && !Files.isRegularFile(destination)) {
                try (OutputStream out = Files.newOutputStream(destination, StandardOpenOption.WRITE)) {
                    writer.writeTo(out);
                }
                return;
            }
            tmp = tempFileBeside(target, destination);
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                OutputStream out = Channels.newOutputStream(channel);
                writer.writeTo(out);
                out.flush();
                channel.force(true);
            }
            moveIntoPlace(tmp, destination);
            IN_FLIGHT.remove(tmp);
            tmp = null;
        } catch (AccessDeniedException e) {
            throw new UncheckedIOException("cannot write " + target + ": permission denied", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /**
     * Fails as {@link #write} would if the target cannot be written (a read-only folder, /proc), by
     * creating the temp file beside it and removing it again: checked before long work, so that the
     * work is not lost to a bad path at the end. Leaves the target as it is.
     */
    public static void checkWritable(Path target) {
        try {
            Path destination = destinationOf(target);
            if (!Files.exists(destination) || Files.isRegularFile(destination)) {
                deleteQuietly(tempFileBeside(target, destination));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + UserException.reason(e), e);
        }
    }

    /** The file a write to {@code target} replaces, through links; a folder cannot be. */
    private static Path destinationOf(Path target) throws IOException {
        Path destination = followLinks(target);
        if (Files.isDirectory(destination)) {
            String message = "cannot write " + target + ": it is a folder";
            throw new UncheckedIOException(message, new IOException(message));
        }
        return destination;
    }

    /** A new temp file in the destination's folder, made with its parents if need be. */
    private static Path tempFileBeside(Path target, Path destination) {
        Path dir = destination.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            return newTempFile(dir, destination.getFileName().toString());
        } catch (IOException e) {
            // The OS names the temp file or a parent, not what the user asked for: say both.
            String message = "cannot write " + target + ": cannot create a file in " + dir + " (" + UserException.reason(e) + ")";
            throw new UncheckedIOException(message, e);
        }
    }

    public static void writeString(Path target, String text) {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** The file a path finally names, through any chain of symbolic links (a dangling link names its target). */
    static Path followLinks(Path path) throws IOException {
        Path p = path;
        for (int hops = 0; Files.isSymbolicLink(p); hops++) {
            if (hops > 40) {
                throw new IOException("too many levels of symbolic links");
            }
            Path link = Files.readSymbolicLink(p);
            p = link.isAbsolute() ? link : p.toAbsolutePath().getParent().resolve(link);
        }
        return p;
    }

    /**
     * Temp files being written: Ctrl-C or SIGTERM ends the JVM mid-write (an export writes 100 MB and
     * more), and the shutdown hook removes them, so an interrupted write leaves nothing behind.
     */
    private static final java.util.Set<Path> IN_FLIGHT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> IN_FLIGHT.forEach(AtomicFiles::deleteQuietly),
                "atelier-temp-files"));
    }

    /** A new empty file beside the target; createFile applies the umask, unlike createTempFile's fixed 0600. */
    private static Path newTempFile(Path dir, String name) throws IOException {
        while (true) {
            Path candidate = dir.resolve("." + name + "." + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)
                    + TEMP_SUFFIX);
            try {
                Path created = Files.createFile(candidate);
                IN_FLIGHT.add(created);
                return created;
            } catch (FileAlreadyExistsException e) {
                // Another name, then.
            }
        }
    }

    /** Moves a finished file over the target, atomically where the file system allows. */
    public static void moveIntoPlace(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Deletes the temp files that writes killed midway left in {@code dir} (a SIGKILL runs no
     * cleanup). Only for a folder this process owns, such as a locked run directory: another
     * writer's temp file would go too. Returns how many were removed.
     */
    public static int removeLeftovers(Path dir) {
        int removed = 0;
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir, ".*" + TEMP_SUFFIX)) {
            for (Path p : temps) {
                if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(p);
                    removed++;
                }
            }
        } catch (IOException e) {
            // Best effort: leftovers are hidden and named as temp files.
        }
        return removed;
    }

    public static void deleteQuietly(Path path) {
        if (path == null) {
            return;
        }
        IN_FLIGHT.remove(path);
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // Best effort: a stray temp file is harmless and named as such.
        }
    }
}

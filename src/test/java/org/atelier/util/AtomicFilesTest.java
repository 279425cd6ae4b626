package org.atelier.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path tmp;

    /** Writing through a link replaces the file it points to and leaves the link a link. */
    @Test
    void aSymbolicLinkIsFollowedNotReplaced() throws IOException {
        Path target = Files.writeString(tmp.resolve("real.csv"), "old");
        Path link = Files.createSymbolicLink(tmp.resolve("link.csv"), Path.of("real.csv"));
        AtomicFiles.writeString(link, "new");
        assertTrue(Files.isSymbolicLink(link), "the link is still a link");
        assertEquals("new", Files.readString(target));
        Path dangling = Files.createSymbolicLink(tmp.resolve("dangling.csv"), tmp.resolve("sub/made.csv"));
        AtomicFiles.writeString(dangling, "made");
        assertTrue(Files.isSymbolicLink(dangling));
        assertEquals("made", Files.readString(tmp.resolve("sub/made.csv")));
    }

    /** An empty folder in the way is an error, not something to replace with a file. */
    @Test
    void aFolderIsNeverReplaced() throws IOException {
        Path folder = Files.createDirectory(tmp.resolve("out.csv"));
        java.io.UncheckedIOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.UncheckedIOException.class,
                () -> AtomicFiles.writeString(folder, "x"));
        assertEquals("cannot write " + folder + ": it is a folder", e.getMessage());
        assertTrue(Files.isDirectory(folder));
    }

    /** A pipe (like /dev/stdout) cannot be replaced: it is written directly. */
    @Test
    void aPipeIsWrittenDirectly() throws Exception {
        Path fifo = tmp.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        try {
            AtomicFiles.writeString(fifo, "through the pipe");
            assertEquals("through the pipe", read.get(20, java.util.concurrent.TimeUnit.SECONDS));
            assertFalse(Files.isRegularFile(fifo), "still a pipe");
        } finally {
            if (!read.isDone() && !Files.isRegularFile(fifo)) {
                Files.writeString(fifo, ""); // lets the reader go
            }
        }
    }

    /** New files get the umask's permissions, as any other program's files, not a fixed 0600. */
    @Test
    void writtenFilesHaveTheUsualPermissions() throws IOException {
        Path plain = Files.createFile(tmp.resolve("plain"));
        Path written = tmp.resolve("written.json");
        AtomicFiles.writeString(written, "{}");
        Set<PosixFilePermission> expected = Files.getPosixFilePermissions(plain);
        assertEquals(expected, Files.getPosixFilePermissions(written));
    }

    @Test
    void leftoversOfKilledWritesAreRemovedAndNothingElse() throws IOException {
        Files.writeString(tmp.resolve(".checkpoint.bin.4k2j.tmp"), "half");
        Files.writeString(tmp.resolve(".history.csv12345.tmp"), "half");
        Files.writeString(tmp.resolve("history.csv"), "whole");
        assertEquals(2, AtomicFiles.removeLeftovers(tmp));
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(java.util.List.of("history.csv"), left.map(p -> p.getFileName().toString()).toList());
        }
        AtomicFiles.writeString(tmp.resolve("more.txt"), "x".repeat(100_000));
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(2, left.count(), "a finished write leaves no temp file");
        }
        assertEquals(100_000, Files.readString(tmp.resolve("more.txt"), StandardCharsets.UTF_8).length());
    }

    @Test
    void aJsonFileThatCannotBeReadSaysWhy() throws IOException {
        Path missing = tmp.resolve("missing.json");
        UserException e = org.junit.jupiter.api.Assertions.assertThrows(UserException.class,
                () -> Json.read(missing, com.fasterxml.jackson.databind.node.ObjectNode.class));
        assertEquals(missing + ": no such file", e.getMessage());
    }

    /**
     * Root reads files whatever their permissions (it holds CAP_DAC_OVERRIDE), and CI runs as root:
     * there the read runs in a child JVM that setpriv has stripped of every capability, so that the
     * file's permissions apply to it as to any user.
     */
    @Test
    void aJsonFileWithoutReadPermissionSaysSo() throws Exception {
        Path locked = Files.writeString(tmp.resolve("locked.json"), "{}");
        Files.setPosixFilePermissions(locked, Set.of());
        if (!"root".equals(System.getProperty("user.name"))) {
            UserException e = org.junit.jupiter.api.Assertions.assertThrows(UserException.class,
                    () -> Json.read(locked, com.fasterxml.jackson.databind.node.ObjectNode.class));
            assertEquals(locked + ": permission denied", e.getMessage());
            return;
        }
        Path setpriv = Path.of("/usr/bin/setpriv");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(setpriv), "as root, needs setpriv (util-linux)");
        Process probe = new ProcessBuilder(setpriv.toString(), "--bounding-set=-all", "--inh-caps=-all",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
                JsonReadProbe.class.getName(), locked.toString()).redirectErrorStream(true).start();
        String out = new String(probe.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        assertEquals(0, probe.waitFor(), out);
        assertEquals(locked + ": permission denied", out);
    }

    /** A JVM ended by SIGTERM in the middle of a write removes its temp file (the shutdown hook). */
    @Test
    void aWriteCutOffBySigtermLeavesNoTempFile() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("cut"));
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), SlowWriter.class.getName(), dir.resolve("model.onnx").toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (listing(dir).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(1, listing(dir).size(), "the temp file is being written");
        assertTrue(listing(dir).get(0).startsWith(".model.onnx."), listing(dir).toString());
        child.destroy(); // SIGTERM
        assertTrue(child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(java.util.List.of(), listing(dir), "nothing left; the child said: " + Files.readString(tmp.resolve("child.log")));
    }

    private static java.util.List<String> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Writes a file through AtomicFiles that never finishes: 1 MB, then waits. */
    public static final class SlowWriter {
        public static void main(String[] args) {
            AtomicFiles.write(Path.of(args[0]), out -> {
                out.write(new byte[1 << 20]);
                out.flush();
                try {
                    Thread.sleep(120_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }
}

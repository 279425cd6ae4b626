package org.atelier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's build step, with stand-ins for Maven and Java on the PATH: a rebuild leaves the
 * jar that a running Atelier has open as it was (Maven writes jars in place; a process whose jar was
 * rebuilt under it then failed to load 63 of its 197 classes), and two launchers never build at once.
 */
class LauncherBuildTest {
    @TempDir
    Path tmp;

    private Path checkout;
    private Path bin;

    @BeforeEach
    void fakeCheckoutWithAnOldBuild() throws IOException {
        checkout = Files.createDirectories(tmp.resolve("checkout"));
        Files.copy(Path.of("atelier"), checkout.resolve("atelier"));
        Files.writeString(checkout.resolve("pom.xml"), "<project/>\n");
        Files.createDirectories(checkout.resolve("target").resolve("lib"));
        Path jar = Files.writeString(checkout.resolve("target").resolve("atelier.jar"), "old build");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(3600)));
        Files.setLastModifiedTime(checkout.resolve("pom.xml"), FileTime.from(Instant.now().minusSeconds(7200)));
        Files.createDirectories(checkout.resolve("src").resolve("main"));
        Files.writeString(checkout.resolve("src").resolve("main").resolve("Changed.java"), "class Changed {}\n");

        bin = Files.createDirectories(tmp.resolve("bin"));
        // Maven's stand-in notes each build and any overlap, takes a moment, and writes the jar as Maven does: in place.
        executable(bin.resolve("mvn"), """
                #!/bin/sh
                [ -e target/building ] && echo overlap >> target/overlaps
                touch target/building
                echo build >> target/builds
                sleep 1
                printf 'new build' > target/atelier.jar
                rm target/building
                """);
        executable(bin.resolve("java"), "#!/bin/sh\necho java started\n");
    }

    private static void executable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Process launch() throws IOException {
        ProcessBuilder pb = new ProcessBuilder("bash", checkout.resolve("atelier").toString(), "--version")
                .redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().put("ATELIER_DATA", tmp.resolve("no-data").toString()); // no data install attempted
        return pb.start();
    }

    private static String finish(Process p) throws Exception {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void aRebuildLeavesTheJarThatARunningAtelierHasOpenWhole() throws Exception {
        Path jar = checkout.resolve("target").resolve("atelier.jar");
        try (InputStream running = Files.newInputStream(jar)) {
            String out = finish(launch());
            assertEquals("atelier: building (first use or sources changed)...\njava started\n", out);
            assertEquals("new build", Files.readString(jar));
            assertEquals("old build", new String(running.readAllBytes(), StandardCharsets.US_ASCII),
                    "the running process still reads the jar it opened");
        }
    }

    @Test
    void twoLaunchersAtOnceBuildOnceOneAfterTheOther() throws Exception {
        Process first = launch();
        Process second = launch();
        List<String> outs = List.of(finish(first), finish(second));
        assertEquals(List.of("build"), Files.readAllLines(checkout.resolve("target").resolve("builds")),
                "the second waited for the first's build and used it: " + outs);
        assertFalse(Files.exists(checkout.resolve("target").resolve("overlaps")));
        assertTrue(outs.stream().allMatch(o -> o.endsWith("java started\n")), outs.toString());
    }
}

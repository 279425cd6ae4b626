package org.atelier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.atelier.serving.PredictionServer;
import org.atelier.run.RunDirectory;
import org.atelier.testing.TestRuns;
import org.atelier.training.ProgressListener;
import org.atelier.util.UserException;
import org.atelier.workflow.RunSteps;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** How `serve` names the runs it serves. */
@Tag("slow")
class ServeCommandTest {
    @TempDir
    Path tmp;

    @Test
    void runsAreNamedWithoutTheirDateUnlessTwoWouldClash() throws Exception {
        RunDirectory trained = new RunDirectory(tmp.resolve("trained"));
        RunSteps.train(TestRuns.smallBaseline(1), TestRuns.data(), trained, false, ProgressListener.SILENT, Device.cpu(), "test");
        List<String> folders = List.of("2026-12-04T16-19-38-baseline", "2026-12-05T10-00-00-baseline", "2026-12-05T11-00-00-fastnet", "mine");
        String[] args = new String[folders.size() + 2];
        args[0] = "--port";
        args[1] = "0";
        for (int i = 0; i < folders.size(); i++) {
            Path copy = tmp.resolve("runs").resolve(folders.get(i));
            Files.createDirectories(copy);
            try (var files = Files.list(trained.root())) {
                for (Path file : files.toList()) {
                    Files.copy(file, copy.resolve(file.getFileName()));
                }
            }
            args[i + 2] = copy.toString();
        }
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs(args);
        StringWriter log = new StringWriter();
        try (PredictionServer server = serve.start(new PrintWriter(log))) {
            List<String> names = log.toString().lines().map(l -> l.split(" ")[1]).toList();
            assertEquals(List.of("2026-12-04T16-19-38-baseline", "2026-12-05T10-00-00-baseline", "fastnet", "mine"), names);
        }
    }

    /** '.' and '..' cannot be a path segment of a URL, so a model so named could never be called: refused at start. */
    @Test
    void dotNamesAreRefusedAtStart() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("some-run"));
        Files.writeString(folder.resolve(RunDirectory.CONFIG), "{}");
        for (String name : List.of(".", "..", "a..b")) {
            ServeCommand serve = new ServeCommand();
            new CommandLine(serve).parseArgs("--port", "0", "--name", name, folder.toString());
            UserException e = assertThrows(UserException.class, () -> serve.start(new PrintWriter(new StringWriter())), name);
            assertEquals("model name '" + name + "': a URL cannot name it ('.', '..' or holding '..'); give another --name",
                    e.getMessage());
        }
    }
}

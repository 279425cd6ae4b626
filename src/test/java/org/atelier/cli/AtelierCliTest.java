package org.atelier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** How the CLI reports failures that are not the user's input. */
class AtelierCliTest {
    /** Out of memory in a worker thread reaches the handler wrapped; it still gets the one line, not a trace. */
    @Test
    void outOfMemoryInAWorkerThreadIsReportedAsSuch() throws Exception {
        CommandLine cl = AtelierCli.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        int code = cl.getExecutionExceptionHandler().handleExecutionException(
                new ExecutionException(new RuntimeException(new OutOfMemoryError("Java heap space"))), cl, null);
        assertEquals(AtelierCli.EXIT_INTERNAL_ERROR, code);
        assertEquals("atelier: out of memory (Java heap space); raise the limits with ATELIER_JAVA_OPTS, e.g. "
                + "ATELIER_JAVA_OPTS='-Xmx16g -XX:MaxDirectMemorySize=1g' (defaults -Xmx8g and 256m)\n", err.toString());
    }
}

package org.atelier.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.atelier.run.RunDirectory;

/** A process that holds a run's lock until its standard input closes: another process training it, for tests. */
public final class LockHolder {
    private LockHolder() {}

    /** Starts a holder of {@code run}'s lock in another JVM, without waiting for it to take the lock. */
    public static Process process(RunDirectory run) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), LockHolder.class.getName(), run.root().toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Starts a holder of {@code run}'s lock in another JVM and returns once it holds it; close its input to release it. */
    public static Process start(RunDirectory run) throws IOException {
        Process holder = process(run);
        BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        if (!"locked".equals(out.readLine())) {
            holder.destroyForcibly();
            throw new IllegalStateException("the lock holder could not take the lock of " + run.root());
        }
        return holder;
    }

    /** Exits with 1 when another process holds the lock. */
    public static void main(String[] args) throws Exception {
        try (RunDirectory.Lock lock = new RunDirectory(Path.of(args[0])).lock()) {
            System.out.println("locked");
            System.out.flush();
            while (System.in.read() >= 0) {
                // Hold the lock until the test closes our input.
            }
        } catch (org.atelier.util.UserException e) {
            System.exit(1);
        }
    }
}

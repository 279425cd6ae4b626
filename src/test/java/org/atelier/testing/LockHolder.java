package org.atelier.testing;

import java.nio.file.Path;
import org.atelier.run.RunDirectory;

/** A process that holds a run's lock until its standard input closes: another process training it, for tests. */
public final class LockHolder {
    private LockHolder() {}

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

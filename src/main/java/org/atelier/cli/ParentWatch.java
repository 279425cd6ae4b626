package org.atelier.cli;

import java.io.PrintWriter;

/**
 * What a child process of a parallel sweep or tuning search does when its parent is gone (killed by
 * SIGKILL, which leaves it no time to stop its children): it stops as at Ctrl-C, saving its run,
 * rather than train on with the run locked while the same command, run again, waits for it.
 */
final class ParentWatch {
    private ParentWatch() {}

    static void stopWithParent(PrintWriter err) {
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> {
            AtelierCli.say(err, "the process that started this one has ended; saving and stopping");
            // the shutdown hooks save the run after its batch under way (StopOnShutdown); 143 as for SIGTERM
            System.exit(143);
        }));
    }
}

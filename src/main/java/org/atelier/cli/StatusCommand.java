package org.atelier.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.atelier.reporting.RunStatus;
import org.atelier.run.RunDirectory;
import org.atelier.sweep.RunSpec;
import org.atelier.sweep.SweepFolder;
import org.atelier.util.Plural;
import org.atelier.util.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Where runs stand: each experiment of a study or sweep folder (finished, training now, evaluating now, interrupted, "
                + "failed, with why, not started), or each run directory given, with its epochs, best validation accuracy so far, test "
                + "accuracy once evaluated, and the time left at the pace of its epochs so far (or, before its "
                + "first, of a run in the folder with the same model, batch and data).",
                "Reads only the runs' small files and locks: safe while they train."})
class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "DIR",
            description = "Run directories, study or sweep folders, or folders of them (default: runs).")
    List<Path> dirs = List.of(Path.of("runs"));

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int unreadable = 0;
        for (Path dir : dirs) {
            // one folder that cannot be read must not hide the others given
            try {
                show(dir, out);
            } catch (UserException | UncheckedIOException e) {
                out.flush();
                AtelierCli.say(spec.commandLine().getErr(), e.getMessage());
                unreadable++;
            }
        }
        out.flush();
        return unreadable == 0 ? 0 : AtelierCli.EXIT_USER_ERROR;
    }

    private void show(Path dir, PrintWriter out) {
        if (Files.isRegularFile(dir)) {
            throw new UserException(dir + " is a file; status reads a run directory, a study or sweep folder, or a folder of them");
        }
        if (!Files.isDirectory(dir)) {
            throw new UserException(dir + ": no such folder" + (dir.equals(Path.of("runs"))
                    ? " (train a run first, or give a run directory, study or sweep folder)" : ""));
        }
        if (SweepFolder.at(dir).isEmpty() && !RunDirectory.isRun(dir)) {
            showFolderOfRuns(dir, out);
        } else {
            showRunOrFolder(dir, out);
        }
    }

    /** A folder that holds runs, studies or sweeps (runs/, say): each run a line, each study or sweep its block. */
    private void showFolderOfRuns(Path dir, PrintWriter out) {
        List<Path> children;
        try (Stream<Path> list = Files.list(dir)) {
            children = list.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir + ": " + e.getMessage(), e);
        }
        List<RunStatus> runs = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        List<Path> folders = new ArrayList<>();
        for (Path child : children) {
            if (SweepFolder.at(child).isPresent()) {
                folders.add(child);
            } else if (RunDirectory.isRun(child)) {
                // one damaged run must not hide the others
                try {
                    runs.add(RunStatus.of(child.getFileName().toString(), new RunDirectory(child), 0));
                } catch (UserException | UncheckedIOException e) {
                    unreadable.add(child.getFileName() + "  cannot be read: " + e.getMessage());
                }
            }
        }
        if (runs.isEmpty() && folders.isEmpty() && unreadable.isEmpty()) {
            throw new UserException(dir + " holds no run, study or sweep (a run directory has a " + RunDirectory.CONFIG + ")");
        }
        int count = runs.size() + unreadable.size();
        if (count > 0) {
            out.println(dir + ": " + Plural.of(count, "run"));
            int width = runs.stream().mapToInt(r -> r.name().length()).max().orElse(0);
            runs.forEach(r -> out.println(line(r, width, "  ")));
        }
        unreadable.forEach(line -> out.println("  " + line));
        folders.forEach(folder -> showRunOrFolder(folder, out));
    }

    /** A study or sweep folder with each of its experiments, or one run directory. */
    private void showRunOrFolder(Path dir, PrintWriter out) {
        Optional<SweepFolder> folder = SweepFolder.at(dir);
        List<RunStatus> statuses = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        if (folder.isPresent()) {
            List<RunSpec> plan = new ArrayList<>();
            for (RunSpec s : folder.get().plan()) {
                RunDirectory finished = folder.get().finished(s.id());
                RunDirectory run = finished.has(RunDirectory.CONFIG) ? finished : folder.get().partial(s.id());
                // one damaged run must not hide the folder's others
                try {
                    statuses.add(RunStatus.of(s.id(), run, s.config().epochs()));
                    plan.add(s);
                } catch (UserException | UncheckedIOException e) {
                    unreadable.add(s.id() + "  cannot be read: " + e.getMessage());
                }
            }
            statuses = RunStatus.timedByAlike(plan.stream().map(RunSpec::config).toList(), statuses);
            long done = statuses.stream().filter(s -> s.state() == RunStatus.State.FINISHED).count();
            out.printf(Locale.ROOT, "%s: %d of %d finished%n", dir, done, statuses.size() + unreadable.size());
        } else {
            statuses.add(RunStatus.of(dir.toString(), RunDirectory.existing(dir), 0));
        }
        int width = statuses.stream().mapToInt(s -> s.name().length()).max().orElse(0);
        String indent = folder.isPresent() ? "  " : "";
        for (RunStatus s : statuses) {
            out.println(line(s, width, indent));
        }
        unreadable.forEach(line -> out.println(indent + line));
        if (folder.isPresent()) {
            out.println("  " + timeLeft(statuses));
            if (!unreadable.isEmpty()) {
                out.println("  and " + Plural.of(unreadable.size(), "run") + " cannot be read: repair the file named, or move "
                        + "the run's folder away and run the same command again to train it anew");
            }
        }
    }

    static String line(RunStatus s, int width, String indent) {
        StringBuilder b = new StringBuilder(indent).append(String.format(Locale.ROOT, "%-" + width + "s  %-22s  %2d/%d epochs", s.name(),
                s.state(), s.epochsDone(), s.epochsPlanned()));
        if (s.savedPart() != null) {
            b.append(String.format(Locale.ROOT, " + %d/%d batches saved", s.savedPart().batches(), s.savedPart().batchesPerEpoch()));
        }
        if (!Double.isNaN(s.bestValidation())) {
            b.append(String.format(Locale.ROOT, "  best val %.2f%% (epoch %d)", 100 * s.bestValidation(), s.bestEpoch()));
        }
        if (!Double.isNaN(s.testAccuracy())) {
            b.append(String.format(Locale.ROOT, "  test %.2f%%", 100 * s.testAccuracy()));
        }
        double toGo = s.secondsToGo();
        if (toGo > 0) {
            b.append("  ").append(ConsoleProgress.duration(s.epochSeconds())).append(" per epoch")
                    .append(s.paceOf() == null ? "" : " (pace of " + s.paceOf() + ")").append(", ")
                    .append(ConsoleProgress.duration(toGo)).append(" to go");
        }
        s.pid().ifPresent(pid -> b.append(pid > 0 ? "  (pid " + pid + ")" : ""));
        if (s.failure() != null) {
            // why, on the line below: "training diverged: the loss became NaN at step 3 ..." is long
            b.append(System.lineSeparator()).append(indent).append(" ".repeat(width + 2)).append(s.failure());
        }
        return b.toString();
    }

    /** The folder's time left, where its runs' epochs tell it. */
    static String timeLeft(List<RunStatus> statuses) {
        double seconds = 0;
        List<String> unknown = new ArrayList<>();
        for (RunStatus s : statuses) {
            double left = s.secondsToGo();
            if (Double.isNaN(left)) {
                unknown.add(s.name());
            } else {
                seconds += left;
            }
        }
        String known = seconds > 0 ? ConsoleProgress.duration(seconds) + " of training to go" : "nothing left to train";
        if (unknown.isEmpty()) {
            return known;
        }
        return (seconds > 0 ? known + ", and " : "") + String.join(", ", unknown)
                + " not timed yet (no epoch trained; BENCHMARKS.md has each model's pace)";
    }
}

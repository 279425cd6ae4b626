package org.atelier.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.atelier.reporting.ComparisonReport;
import org.atelier.run.RunDirectory;
import org.atelier.study.Study;
import org.atelier.sweep.Sweep;
import org.atelier.sweep.SweepFolder;
import org.atelier.util.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compare runs: a table of accuracy (validation, test, best epoch, gap), one of cost (parameters, FLOPs, time, speed), and overlaid curves.",
                "Runs of one study or sweep folder (or the folder itself) are shown in its order with its descriptions; "
                        + "the comparison files a glob such as results/study/* also matches are passed over. Reads only "
                        + "config.json, metrics.json, history.csv and evaluation.json: parameter files are not needed."})
class CompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "Run directories written by `atelier train`, or a study folder.")
    List<Path> runDirs;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "reports/compare",
            description = "Where to write comparison.html, .csv and the curves (default: ${DEFAULT-VALUE}).")
    Path out;

    /** What compare and study write beside the runs: a glob over a study folder matches them too. */
    private static final Set<String> OWN_FILES = Set.of(ComparisonReport.HTML, ComparisonReport.CSV, ComparisonReport.CURVES,
            ComparisonReport.SUMMARY_CSV, SweepFolder.STUDY_PLAN, SweepFolder.SWEEP_PLAN);

    /**
     * The paths given, less the comparison files that a glob over a study folder (results/study/*)
     * also matches; refused when nothing is left.
     */
    static List<Path> withoutComparisonFiles(List<Path> paths) {
        List<Path> given = paths.stream()
                .filter(p -> !(Files.isRegularFile(p) && OWN_FILES.contains(String.valueOf(p.getFileName())))).toList();
        if (given.isEmpty()) {
            throw new UserException("no run directories among " + paths);
        }
        return given;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        List<Path> given = withoutComparisonFiles(runDirs);
        Optional<SweepFolder> folder = given.size() == 1 ? SweepFolder.at(given.get(0)) : Optional.empty();
        List<RunDirectory> named = folder.isPresent() ? List.of() : given.stream().map(RunDirectory::existing).toList();
        if (folder.isEmpty()) {
            folder = commonFolder(named);
        }
        List<String> damaged = new ArrayList<>();
        ComparisonReport.Written report;
        if (folder.isPresent()) {
            Map<RunDirectory, String> finished = new LinkedHashMap<>(chosen(folder.get().finishedRuns(), named));
            finished.keySet().retainAll(readable(finished.keySet(), damaged));
            if (finished.isEmpty()) {
                throw new UserException(folder.get().dir() + ": no run there has finished training yet" + besides(damaged));
            }
            boolean study = folder.get().planPath().getFileName().toString().equals(SweepFolder.STUDY_PLAN);
            report = study ? Study.report(out, finished) : Sweep.report(out, folder.get(), finished);
        } else {
            List<RunDirectory> runs = readable(named, damaged);
            if (runs.isEmpty()) {
                throw new UserException("no run could be read" + besides(damaged));
            }
            // Runs of several folders (a full and a shortened study, say) keep their own folders' descriptions.
            Map<RunDirectory, String> descriptions = new LinkedHashMap<>();
            runs.forEach(run -> SweepFolder.descriptionOf(run).ifPresent(d -> descriptions.put(run, d)));
            report = ComparisonReport.write(out, runs, descriptions, "Atelier comparison");
        }
        spec.commandLine().getOut().print(report.summary());
        spec.commandLine().getOut().println(report.page());
        spec.commandLine().getOut().flush();
        // the others are compared; a damaged run is named with what is wrong, and the exit says not all were
        damaged.forEach(problem -> AtelierCli.say(err, "left out of the comparison: " + problem));
        return damaged.isEmpty() ? 0 : AtelierCli.EXIT_USER_ERROR;
    }

    /**
     * The runs whose small files (config.json, metrics.json, evaluation.json, history.csv) can be
     * read, in order; for each of the others, what is wrong goes into {@code damaged}.
     */
    static List<RunDirectory> readable(Collection<RunDirectory> runs, List<String> damaged) {
        List<RunDirectory> fine = new ArrayList<>();
        for (RunDirectory run : runs) {
            run.damage().ifPresentOrElse(damaged::add, () -> fine.add(run));
        }
        return fine;
    }

    private static String besides(List<String> damaged) {
        return damaged.isEmpty() ? "" : " (" + String.join("; ", damaged) + ")";
    }

    /** The sweep or study folder that holds every one of {@code runs}, if there is one. */
    private static Optional<SweepFolder> commonFolder(List<RunDirectory> runs) {
        Set<Path> parents = new HashSet<>();
        for (RunDirectory run : runs) {
            parents.add(run.root().toAbsolutePath().normalize().getParent());
        }
        return parents.size() == 1 ? SweepFolder.at(parents.iterator().next()) : Optional.empty();
    }

    /**
     * {@code runs} in the study's order with its descriptions (every finished experiment when no
     * runs are named); a run the study does not list comes last, undescribed.
     */
    private static Map<RunDirectory, String> chosen(Map<RunDirectory, String> experiments, List<RunDirectory> runs) {
        Map<Path, RunDirectory> wanted = new LinkedHashMap<>();
        runs.forEach(r -> wanted.put(r.root().toAbsolutePath().normalize(), r));
        Map<RunDirectory, String> chosen = new LinkedHashMap<>();
        experiments.forEach((run, description) -> {
            if (runs.isEmpty() || wanted.remove(run.root().toAbsolutePath().normalize()) != null) {
                chosen.put(run, description);
            }
        });
        wanted.values().forEach(run -> chosen.put(run, ""));
        return chosen;
    }
}

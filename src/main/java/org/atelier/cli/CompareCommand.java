package org.atelier.cli;

import java.nio.file.Files;
import java.nio.file.Path;
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
import org.atelier.util.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compare runs: one table (accuracy, best epoch, gap, parameters, FLOPs, time, speed) and overlaid curves.",
                "Runs of one study folder (or the folder itself) are shown in the study's order with its descriptions; "
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
            Study.PLAN_FILE);

    @Override
    public Integer call() {
        List<Path> given = runDirs.stream()
                .filter(p -> !(Files.isRegularFile(p) && OWN_FILES.contains(String.valueOf(p.getFileName())))).toList();
        if (given.isEmpty()) {
            throw new UserException("no run directories among " + runDirs);
        }
        Optional<Path> study = given.size() == 1 && Study.isStudyFolder(given.get(0)) ? Optional.of(given.get(0)) : Optional.empty();
        List<RunDirectory> runs = study.isPresent() ? List.of() : given.stream().map(RunDirectory::existing).toList();
        if (study.isEmpty()) {
            study = commonStudy(runs);
        }
        Path report;
        if (study.isPresent()) {
            Map<RunDirectory, String> experiments = chosen(Study.finishedExperiments(study.get()), runs);
            if (experiments.isEmpty()) {
                throw new UserException(study.get() + ": no experiment of this study has finished training yet");
            }
            report = ComparisonReport.write(out, List.copyOf(experiments.keySet()), experiments, Study.TITLE);
        } else {
            report = ComparisonReport.write(out, runs, Map.of(), "Atelier comparison");
        }
        spec.commandLine().getOut().println(report);
        return 0;
    }

    /** The study folder that holds every one of {@code runs}, if there is one. */
    private static Optional<Path> commonStudy(List<RunDirectory> runs) {
        Set<Path> parents = new HashSet<>();
        for (RunDirectory run : runs) {
            parents.add(run.root().toAbsolutePath().normalize().getParent());
        }
        return parents.size() == 1 && Study.isStudyFolder(parents.iterator().next())
                ? Optional.of(parents.iterator().next()) : Optional.empty();
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

package org.atelier.study;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.atelier.reporting.ComparisonReport.Row;
import org.atelier.run.Provenance;
import org.atelier.run.RunDirectory;
import org.atelier.util.AtomicFiles;
import org.atelier.util.Durations;

/**
 * A study folder's README.md, made from its files alone, so that the figures it gives cannot drift
 * from them: the headline, a row per experiment in the study's order (with the hardware and date it
 * ran on, from its provenance), the unfinished ones linked, and each of the reference's conclusions
 * with its verdict.
 */
final class StudyReadme {
    static final String FILE = "README.md";

    private StudyReadme() {}

    static Path write(Path out, List<Row> rows, Study.StudySections sections) {
        StringBuilder md = new StringBuilder();
        md.append("# The reference study, reproduced\n\n");
        md.append("<!-- Made by `atelier publish` (and `atelier study`) from the files in this folder; edits are overwritten. -->\n\n");
        md.append("What the study is and how to run it: [docs/study.md](../../docs/study.md). Each experiment is a run folder here "
                + "(config.json, history.csv, metrics.json, evaluation.json, curves, report.html; no parameters), and "
                + "`./atelier train --repeat results/study/NAME` trains it again. Validation figures are the best epoch's on the "
                + "12,000 held-out training images, which chose that epoch; test figures are each finished run's one evaluation "
                + "on the 10,000 test images. One seed per experiment. [comparison.html](comparison.html) has the full tables "
                + "and the curves.\n\n");
        md.append(sections.headline()).append("\n\n");
        md.append("| experiment | what it tests | the reference | validation (best epoch) | test | training time | images/s | trained on |\n");
        md.append("|---|---|---|---:|---:|---:|---:|---|\n");
        for (Row r : rows) {
            String reference = StudyExperiment.byId(r.name()).flatMap(ReferenceFigures::sourceOf).orElse("-");
            md.append(String.format(Locale.ROOT, "| [%s](%s/report.html) | %s | %s | %s (%d of %d) | %s | %s | %,.0f | %s |%n",
                    r.name(), r.name(), cell(r.description()), cell(reference), percent(r.validationAccuracy()), r.bestEpoch(),
                    r.epochs(), percent(r.testAccuracy()), Durations.of(r.trainSeconds()), r.trainImagesPerSecond(),
                    trainedOn(new RunDirectory(r.root()))));
        }
        if (!sections.unfinished().isEmpty()) {
            md.append("\n## Not finished\n\n");
            for (Study.Unfinished u : sections.unfinished()) {
                md.append("- ").append(u.link() == null ? u.id() : "[" + u.id() + "](" + u.link() + ")").append(": ")
                        .append(u.standing()).append('\n');
            }
        }
        md.append("\n## The reference's conclusions, checked\n\n");
        for (StudyConclusions.ClaimView claim : sections.claims()) {
            md.append("- *").append(claim.reference()).append("*  \n  **").append(capitalised(claim.verdict().kind().label()))
                    .append("**: ").append(claim.verdict().because()).append('\n');
        }
        Path file = out.resolve(FILE);
        AtomicFiles.writeString(file, md.toString());
        return file;
    }

    /** The CPU, its threads and its widest vector extension, and the date the run started: what its speed was measured on. */
    static String trainedOn(RunDirectory run) {
        Provenance p = run.provenance();
        if (p == null) {
            return "-";
        }
        List<String> extensions = p.cpuVectorExtensions();
        // runs saved before the extensions were recorded say so, rather than reading as a CPU without them
        String widest = extensions == null ? ", vector extensions not recorded"
                : extensions.contains("avx512f") ? ", AVX-512" : extensions.contains("avx2") ? ", AVX2" : "";
        return p.cpu() + " (" + p.threads() + " threads" + widest + "), " + (p.started() == null ? "" : p.started().substring(0, 10));
    }

    private static String percent(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}

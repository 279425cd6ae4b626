package org.atelier.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.atelier.study.StudyPublication;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "publish", mixinStandardHelpOptions = true,
        description = {"Copy a study's small files (configuration, history, metrics, evaluation, curves, pages; no parameters) "
                + "into DEST and rebuild its comparison there from them alone.",
                "The plan is merged into the one already in DEST, in the study's order, so a study continued in another folder "
                        + "adds to it; unfinished runs publish their history so far under DEST-unfinished/ID. Files over 1 MB "
                        + "are left out, named, and the command fails."})
class PublishCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "STUDY_DIR", description = "A study folder (written by `atelier study`).")
    Path study;

    @Parameters(index = "1", paramLabel = "DEST", description = "Where to publish it, e.g. results/study.")
    Path dest;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Path published = StudyPublication.publish(study, dest, err);
        err.flush();
        spec.commandLine().getOut().println(published);
        return 0;
    }
}

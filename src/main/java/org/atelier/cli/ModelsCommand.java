package org.atelier.cli;

import java.util.Locale;
import java.util.List;
import java.util.concurrent.Callable;
import org.atelier.models.ModelArchitecture;
import org.atelier.models.ModelSummary;
import org.atelier.models.Networks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the models (parameters, forward MFLOPs per image, what each is), or print one model's "
                + "layers with their output shapes, parameters and FLOPs.")
class ModelsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "A model name; an overview of all when left out.")
    String name;

    /** The layer table below is wider; 80 columns is what a description reads well at. */
    private static final int DESCRIPTION_WIDTH = 80;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        if (name == null) {
            out.print(overview());
            out.println("./atelier models NAME prints a model's layers.");
            return 0;
        }
        for (ModelArchitecture m : List.of(ModelArchitecture.byName(name))) {
            out.print(SpaceWrappedHelp.paragraph(m.id() + ": " + m.description(), DESCRIPTION_WIDTH));
            ModelSummary summary = Networks.summary(m);
            out.println(summary.render());
            ModelArchitecture plainCounterpart = m == ModelArchitecture.MINIRESNET_BOTTLENECK ? ModelArchitecture.MINIRESNET
                    : m == ModelArchitecture.MINIRESNET_BOTTLENECK_LITE ? ModelArchitecture.MINIRESNET_LITE : null;
            if (plainCounterpart != null) {
                ModelSummary plain = Networks.summary(plainCounterpart);
                out.printf(Locale.ROOT, "Against %s (%,d params, %.1f MFLOPs): %.1f%% of the parameters, %.1f%% of the FLOPs%n%n",
                        plainCounterpart.id(), plain.parameters(), plain.flops() / 1e6,
                        100.0 * summary.parameters() / plain.parameters(), 100.0 * summary.flops() / plain.flops());
            }
        }
        return 0;
    }

    /** A line per model: its name, parameters, forward MFLOPs per image and the lead of its description. */
    static String overview() {
        int width = java.util.Arrays.stream(ModelArchitecture.values()).mapToInt(m -> m.id().length()).max().orElse(0);
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-" + width + "s  %10s  %7s  %s%n", "model", "params",
                "MFLOPs", "what it is"));
        for (ModelArchitecture m : ModelArchitecture.values()) {
            ModelSummary summary = Networks.summary(m);
            b.append(String.format(Locale.ROOT, "%-" + width + "s  %,10d  %,7.1f  %s%n", m.id(), summary.parameters(),
                    summary.flops() / 1e6, m.headline()));
        }
        return b.toString();
    }
}

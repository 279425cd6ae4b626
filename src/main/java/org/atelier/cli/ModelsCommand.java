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
        description = "List the models, or print one model's summary (layers, output shapes, parameters, FLOPs).")
class ModelsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "A model name; all of them when left out.")
    String name;

    @Override
    public Integer call() {
        List<ModelArchitecture> models = name == null
                ? List.of(ModelArchitecture.values())
                : List.of(ModelArchitecture.byName(name));
        var out = spec.commandLine().getOut();
        for (ModelArchitecture m : models) {
            out.println(m.id() + ": " + m.description());
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
}

package org.atelier.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.atelier.reporting.RecipeTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "recipes", mixinStandardHelpOptions = true,
        description = "The recipes' published results as a Markdown table (the README's): for each recipe folder of "
                + "RESULTS, its evaluated runs' model, epochs and seeds, mean test accuracy and range, with test-time views, "
                + "training TFLOP and time.")
class RecipesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "RESULTS", description = "A folder of recipe folders, each holding run "
            + "directories (default: ${DEFAULT-VALUE}).", defaultValue = "results/recipes")
    Path results;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(RecipeTable.markdown(results));
        return 0;
    }
}

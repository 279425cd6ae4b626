package org.atelier.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.atelier.config.TrainConfig;
import org.atelier.models.ModelArchitecture;
import org.atelier.study.StudyPlan;

/**
 * Help texts derived from the defaults where they live (the models' own learning rates and L2), so
 * that `--help` cannot drift from the code. Published as system properties, which picocli expands
 * in descriptions as ${atelier.default.l2} and so on.
 */
final class HelpDefaults {
    private HelpDefaults() {}

    static void publish() {
        System.setProperty("atelier.models", String.join(", ", ModelArchitecture.names()));
        System.setProperty("atelier.study.experiments", String.join(", ", StudyPlan.ids()));
        System.setProperty("atelier.default.lr", perModel(ModelArchitecture::defaultLearningRate));
        System.setProperty("atelier.default.l2", perModel(ModelArchitecture::defaultL2));
        System.setProperty("atelier.default.sgd-lr", number(TrainConfig.SGD_LEARNING_RATE));
        System.setProperty("atelier.default.bn-momentum", perModel(m -> m.blocks().batchNormMomentum()));
    }

    /** "0.002 for baseline; 0.001 for cnn4b, miniresnet; ...": models grouped by their value. */
    static String perModel(ToDoubleFunction<ModelArchitecture> value) {
        Map<String, List<String>> byValue = new LinkedHashMap<>();
        for (ModelArchitecture m : ModelArchitecture.values()) {
            byValue.computeIfAbsent(number(value.applyAsDouble(m)), k -> new java.util.ArrayList<>()).add(m.id());
        }
        return byValue.entrySet().stream().map(e -> e.getKey() + " for " + String.join(", ", e.getValue()))
                .collect(Collectors.joining("; "));
    }

    static String number(double v) {
        return v == 0 ? "0" : v >= 0.001 ? stripZeros(String.format(java.util.Locale.ROOT, "%.4f", v))
                : String.format(java.util.Locale.ROOT, "%.0e", v).replace("e-0", "e-");
    }

    private static String stripZeros(String s) {
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}

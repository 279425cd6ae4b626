package org.atelier.cli;

import org.atelier.config.TrainSettings;
import org.atelier.data.DataConfig;
import org.atelier.data.DataLocator;
import org.atelier.data.PreparedData;
import picocli.CommandLine.Command;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The options every command that reads Fashion-MNIST shares: the data settings of {@link TrainSettings#DATA_SETTINGS}. */
@Command(modelTransformer = DataOptions.Declared.class)
public class DataOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** Adds the data settings' options to the mixin, from their declarations. */
    static final class Declared implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            return SettingOptions.addTo(spec, TrainSettings.DATA_SETTINGS, false);
        }
    }

    public DataConfig toConfig() {
        return SettingOptions.read(command, TrainSettings.DATA_SETTINGS).dataConfig();
    }

    public PreparedData load() {
        return PreparedData.load(toConfig(), DataLocator.standard());
    }
}

package org.atelier.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.atelier.data.DataConfig;
import org.atelier.data.FashionClass;
import org.atelier.util.UserException;

/**
 * Training settings as one source gave them (the command line, a sweep's combination, a settings
 * file), each checked as it is given and named in that source's words, then made into a
 * {@link TrainConfig} the same way whatever the source: over the defaults, or over a recipe.
 */
public final class SettingValues {
    private final SettingSource source;
    private final Map<Setting<?>, Object> values = new LinkedHashMap<>();
    private String recipe;

    public SettingValues(SettingSource source) {
        this.source = source;
    }

    /** Gives {@code setting} the value {@code value}, checked; a refused value is one line naming it as the source does. */
    public <T> SettingValues put(Setting<T> setting, T value) {
        setting.problem(value).ifPresent(p -> {
            throw new UserException(source.name(setting) + " " + p);
        });
        values.put(setting, value);
        return this;
    }

    /** Gives the setting named {@code name} (as users type it, without dashes) the value written {@code text}. */
    public SettingValues putText(String name, String text) {
        return putText(name, text, source);
    }

    /** As {@link #putText(String, String)}, for a value that came from {@code from} (a grid's file or its command line). */
    public SettingValues putText(String name, String text, SettingSource from) {
        if (name.equals("recipe")) {
            return recipe(text);
        }
        Setting<?> setting = TrainSettings.byName(name).orElseThrow(() -> new UserException(from.nameUnknown(name) + " is not a "
                + "training setting; see ./atelier train --help (settings are named as its options, without dashes)"));
        return putParsed(setting, text, from);
    }

    private <T> SettingValues putParsed(Setting<T> setting, String text, SettingSource from) {
        T value;
        try {
            value = setting.parse(text);
        } catch (ValueType.BadValue e) {
            throw new UserException(from.name(setting) + ": " + e.getMessage());
        }
        setting.problem(value).ifPresent(p -> {
            throw new UserException(from.name(setting) + " " + p);
        });
        values.put(setting, value);
        return this;
    }

    /** Trains with the named recipe's settings (see {@link Recipes}); only {@link TrainSettings#RECIPE_SETTINGS} may stand beside it. */
    public SettingValues recipe(String name) {
        Recipes.requireKnown(name);
        recipe = name;
        return this;
    }

    public String recipe() {
        return recipe;
    }

    /**
     * These values with {@code over}'s on top, named as {@code over}'s source names them: a settings
     * file's under the command line's, which win setting by setting (and a recipe given there wins).
     */
    public SettingValues overriddenBy(SettingValues over) {
        SettingValues merged = new SettingValues(over.source);
        merged.values.putAll(values);
        merged.values.putAll(over.values);
        merged.recipe = over.recipe != null ? over.recipe : recipe;
        return merged;
    }

    public boolean has(Setting<?> setting) {
        return values.containsKey(setting);
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        return (T) values.get(setting);
    }

    private <T> boolean atDefault(Setting<T> s) {
        try {
            return java.util.Objects.equals(get(s), s.parse(s.defaultText()));
        } catch (ValueType.BadValue wordsNotAValue) {
            return false;
        }
    }

    /** Where the data is and how it is split: the data settings given, else their defaults. */
    public DataConfig dataConfig() {
        DataConfig d = DataConfig.defaults();
        return new DataConfig(has(TrainSettings.DATA_DIR) ? get(TrainSettings.DATA_DIR) : d.dataDir(),
                has(TrainSettings.VALIDATION_FRACTION) ? get(TrainSettings.VALIDATION_FRACTION) : d.validationFraction(),
                has(TrainSettings.SPLIT_SEED) ? get(TrainSettings.SPLIT_SEED) : d.splitSeed());
    }

    /**
     * The configuration these values make: the recipe's, or the defaults', with each given setting
     * applied in {@link TrainSettings#ALL}'s order, then every setting checked against the others.
     * {@code trainClassCounts} (images per class of the training images) serve balanced class
     * weights; null, before the data is read, checks everything else.
     */
    public TrainConfig toConfig(int[] trainClassCounts) {
        if (recipe != null) {
            return recipeConfig();
        }
        for (List<Setting<?>> exclusive : TrainSettings.EXCLUSIVE) {
            // a setting typed back at its default (--shift 0, as help shows it) asks for nothing and excludes nothing
            if (exclusive.stream().filter(s -> has(s) && !atDefault(s)).count() > 1) {
                throw new UserException(String.join(" and ", exclusive.stream().map(source::name).toList()) + " exclude each other");
            }
        }
        TrainConfig.Builder b = TrainConfig.defaults().toBuilder();
        for (Setting<?> setting : TrainSettings.ALL) {
            if (setting == TrainSettings.AUGMENT && offlineCopiesOfTheStudysAugmentation()) {
                b.set(TrainSettings.AUGMENT, true);
            }
            if (has(setting)) {
                apply(b, setting, trainClassCounts);
            }
        }
        return b.build().validate(source);
    }

    @SuppressWarnings("unchecked")
    private <T> void apply(TrainConfig.Builder b, Setting<T> setting, int[] trainClassCounts) {
        T value = get(setting);
        if (value instanceof ClassWeights w && w.balanced()) {
            value = (T) ClassWeights.of(w.weights(trainClassCounts != null ? trainClassCounts : uniformCounts()));
        }
        b.set(setting, value);
    }

    /** Offline copies with no augmentation setting of their own make copies with the study's augmentation. */
    private boolean offlineCopiesOfTheStudysAugmentation() {
        boolean copies = has(TrainSettings.OFFLINE_COPIES) && get(TrainSettings.OFFLINE_COPIES) > 0;
        return copies && List.of(TrainSettings.SHIFT, TrainSettings.SHIFT_PIXELS, TrainSettings.ZOOM, TrainSettings.SHEAR,
                TrainSettings.FLIP, TrainSettings.ROTATION).stream().noneMatch(this::has);
    }

    private TrainConfig recipeConfig() {
        List<String> fixed = new ArrayList<>();
        values.keySet().stream().filter(s -> !TrainSettings.RECIPE_SETTINGS.contains(s)).forEach(s -> fixed.add(source.name(s)));
        if (!fixed.isEmpty()) {
            throw new UserException("recipe " + recipe + " fixes the training settings; only "
                    + TrainSettings.RECIPE_SETTINGS.stream().map(source::name).toList() + " apply beside it, not "
                    + String.join(", ", fixed));
        }
        if (has(TrainSettings.SPLIT_SEED) && !has(TrainSettings.VALIDATION_FRACTION)) {
            throw new UserException("recipe " + recipe + " trains on every training image: " + source.name(TrainSettings.SPLIT_SEED)
                    + " applies only with " + source.name(TrainSettings.VALIDATION_FRACTION));
        }
        DataConfig data = dataConfig();
        TrainConfig.Builder b = Recipes.byName(recipe, data).toBuilder();
        if (has(TrainSettings.SEED)) {
            b.set(TrainSettings.SEED, get(TrainSettings.SEED));
        }
        if (has(TrainSettings.EPOCHS)) {
            b.set(TrainSettings.EPOCHS, get(TrainSettings.EPOCHS));
        }
        if (has(TrainSettings.VALIDATION_FRACTION)) {
            // The recipe's own choices are checked this way, on a held-out split rather than the test set.
            b.data(data);
        }
        return b.build().validate(source);
    }

    private static int[] uniformCounts() {
        int[] counts = new int[FashionClass.COUNT];
        Arrays.fill(counts, 1);
        return counts;
    }
}

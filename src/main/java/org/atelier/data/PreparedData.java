package org.atelier.data;

/** Fashion-MNIST read, checked and split as the study does: train / validation / test. */
public record PreparedData(ImageSet train, ImageSet validation, ImageSet test, DataLocator.Located source) {

    public static PreparedData load(DataConfig config, DataLocator locator) {
        DataLocator.Located located = locator.locate(config.dataDir());
        FashionMnist raw = FashionMnist.load(located.dir());
        return split(raw, config, located);
    }

    public static PreparedData split(FashionMnist raw, DataConfig config, DataLocator.Located located) {
        StratifiedSplit split = StratifiedSplit.of(raw.train(), config.validationFraction(), config.splitSeed());
        int[] kept = split.train().classCounts();
        int[] all = raw.train().classCounts();
        for (int c = 0; c < kept.length; c++) {
            if (kept[c] == 0 && all[c] > 0) {
                throw new org.atelier.util.UserException("--validation-fraction " + config.validationFraction()
                        + " leaves no training images of class " + c + " (" + FashionClass.nameOf(c) + ")");
            }
        }
        return new PreparedData(split.train(), split.validation(), raw.test(), located);
    }
}

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
        return new PreparedData(split.train(), split.validation(), raw.test(), located);
    }
}

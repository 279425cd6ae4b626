package org.atelier.testing;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.atelier.data.DataLocator;
import org.atelier.data.FashionMnist;
import org.atelier.data.IdxWriter;
import org.atelier.data.ImageSet;

/** Small generated datasets in the real file layout, and the real data when the machine has it. */
public final class TestData {
    private TestData() {}

    /** {@code perClass} images of each class; pixel values are random but seeded. */
    public static ImageSet synthetic(int perClass, long seed) {
        int n = perClass * 10;
        byte[] labels = new byte[n];
        byte[] pixels = new byte[n * 28 * 28];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % 10);
        }
        random.nextBytes(pixels);
        return new ImageSet(pixels, labels, 28, 28);
    }

    /** Writes a complete, valid Fashion-MNIST folder of generated images. */
    public static Path writeDataset(Path dir, int trainPerClass, int testPerClass, boolean gzip) {
        ImageSet train = synthetic(trainPerClass, 1);
        ImageSet test = synthetic(testPerClass, 2);
        String ext = gzip ? ".gz" : "";
        IdxWriter.writeImages(dir.resolve(FashionMnist.DataFile.TRAIN_IMAGES.baseName() + ext), train, gzip);
        IdxWriter.writeLabels(dir.resolve(FashionMnist.DataFile.TRAIN_LABELS.baseName() + ext), train.labels(), gzip);
        IdxWriter.writeImages(dir.resolve(FashionMnist.DataFile.TEST_IMAGES.baseName() + ext), test, gzip);
        IdxWriter.writeLabels(dir.resolve(FashionMnist.DataFile.TEST_LABELS.baseName() + ext), test.labels(), gzip);
        return dir;
    }

    public static Path realDir() {
        return DataLocator.DEBIAN_DIR;
    }

    public static boolean realDataPresent() {
        return FashionMnist.isComplete(DataLocator.DEBIAN_DIR);
    }

    private static FashionMnist real;

    /** The real dataset, read once per test JVM. */
    public static synchronized FashionMnist real() {
        if (real == null) {
            real = FashionMnist.load(DataLocator.DEBIAN_DIR);
        }
        return real;
    }
}

package org.atelier.testing;

import java.nio.file.Files;
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

    /** Whether Debian's dataset-fashion-mnist is installed (the tests' -Datelier.tests.synthetic=true pretends not). */
    public static boolean realDataPresent() {
        return !Boolean.getBoolean("atelier.tests.synthetic") && FashionMnist.isComplete(DataLocator.DEBIAN_DIR);
    }

    private static Path learnableDir;

    /**
     * The data the training tests use: Debian's Fashion-MNIST when installed, else a learnable
     * synthetic dataset of the same shape (6,000 training and 1,000 test images per class), written
     * once per test JVM. Commands that are given no --data find it too (the atelier.data property).
     */
    public static synchronized Path dataDir() {
        if (realDataPresent()) {
            return realDir();
        }
        if (learnableDir == null) {
            try {
                Path dir = Files.createTempDirectory("atelier-learnable-");
                dir.toFile().deleteOnExit();
                ImageSet train = learnable(6000, 1);
                ImageSet test = learnable(1000, 2);
                IdxWriter.writeImages(dir.resolve(FashionMnist.DataFile.TRAIN_IMAGES.baseName()), train, false);
                IdxWriter.writeLabels(dir.resolve(FashionMnist.DataFile.TRAIN_LABELS.baseName()), train.labels(), false);
                IdxWriter.writeImages(dir.resolve(FashionMnist.DataFile.TEST_IMAGES.baseName()), test, false);
                IdxWriter.writeLabels(dir.resolve(FashionMnist.DataFile.TEST_LABELS.baseName()), test.labels(), false);
                for (java.io.File f : dir.toFile().listFiles()) {
                    f.deleteOnExit();
                }
                learnableDir = dir;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            System.setProperty(DataLocator.PROPERTY, learnableDir.toString());
        }
        return learnableDir;
    }

    /** The tests' dataset (see {@link #dataDir()}), read once per test JVM. */
    public static synchronized FashionMnist dataset() {
        return realDataPresent() ? real() : FashionMnist.load(dataDir());
    }

    /**
     * {@code perClass} images of each class that a small network learns within an epoch: each class
     * a bright bar of its own height and width on a noisy dark ground, moved by up to two pixels
     * and symmetric left to right (as garments are, so mirror views keep their class).
     */
    public static ImageSet learnable(int perClass, long seed) {
        int n = perClass * 10;
        byte[] labels = new byte[n];
        byte[] pixels = new byte[n * 28 * 28];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            int c = (i * 7 + i / 10) % 10;
            labels[i] = (byte) c;
            int top = 3 + 2 * c + random.nextInt(-2, 3);
            int height = 4 + (c % 3) * 2;
            int half = 4 + (c % 4) * 2;
            int shift = random.nextInt(-1, 2);
            for (int r = 0; r < 28; r++) {
                for (int col = 0; col < 28; col++) {
                    boolean bar = r >= top && r < top + height && Math.abs(col - 14 + shift) < half;
                    int v = bar ? 170 + random.nextInt(86) : random.nextInt(60);
                    pixels[i * 784 + r * 28 + col] = (byte) v;
                }
            }
        }
        return new ImageSet(pixels, labels, 28, 28);
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

package org.atelier.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The Fashion-MNIST training (60,000) and test (10,000) sets, read from the four IDX files. */
public record FashionMnist(ImageSet train, ImageSet test) {
    public static final int IMAGE_SIZE = 28;

    /** The four files, by their official base names; each may be stored gzipped or raw. */
    public enum DataFile {
        TRAIN_IMAGES("train-images-idx3-ubyte", "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"),
        TRAIN_LABELS("train-labels-idx1-ubyte", "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"),
        TEST_IMAGES("t10k-images-idx3-ubyte", "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"),
        TEST_LABELS("t10k-labels-idx1-ubyte", "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34");

        private final String baseName;
        private final String contentSha256;

        DataFile(String baseName, String contentSha256) {
            this.baseName = baseName;
            this.contentSha256 = contentSha256;
        }

        public String baseName() {
            return baseName;
        }

        /**
         * SHA-256 of the decompressed content. Mirrors (Debian's among them) recompress the files,
         * so the gzip bytes differ while the content is the same: this is what identifies the data.
         */
        public String contentSha256() {
            return contentSha256;
        }

        /** The file in {@code dir}, gzipped or raw, or null when neither is there. */
        public Path locate(Path dir) {
            for (String name : List.of(baseName + ".gz", baseName)) {
                Path candidate = dir.resolve(name);
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
            return null;
        }
    }

    /** True when all four files are present in {@code dir}. */
    public static boolean isComplete(Path dir) {
        for (DataFile f : DataFile.values()) {
            if (f.locate(dir) == null) {
                return false;
            }
        }
        return true;
    }

    /** Reads and checks all four files; images must be 28x28. */
    public static FashionMnist load(Path dir) {
        ImageSet train = loadSplit(dir, DataFile.TRAIN_IMAGES, DataFile.TRAIN_LABELS);
        ImageSet test = loadSplit(dir, DataFile.TEST_IMAGES, DataFile.TEST_LABELS);
        return new FashionMnist(train, test);
    }

    private static ImageSet loadSplit(Path dir, DataFile imagesFile, DataFile labelsFile) {
        Path labelsPath = require(dir, labelsFile);
        Path imagesPath = require(dir, imagesFile);
        byte[] labels = IdxReader.readLabels(labelsPath);
        ImageSet images = IdxReader.readImages(imagesPath, labels);
        if (images.rows() != IMAGE_SIZE || images.cols() != IMAGE_SIZE) {
            throw new DataFormatException(imagesPath, "wrong shape: images are " + images.rows() + "x"
                    + images.cols() + ", Fashion-MNIST images are " + IMAGE_SIZE + "x" + IMAGE_SIZE);
        }
        return images;
    }

    private static Path require(Path dir, DataFile file) {
        Path path = file.locate(dir);
        if (path == null) {
            throw new DataFormatException(dir.resolve(file.baseName() + ".gz"), "missing (neither "
                    + file.baseName() + ".gz nor " + file.baseName() + " is in " + dir + ")");
        }
        return path;
    }
}

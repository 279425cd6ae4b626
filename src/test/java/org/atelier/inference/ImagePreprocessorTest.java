package org.atelier.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import org.atelier.inference.ImagePreprocessor.Background;
import org.junit.jupiter.api.Test;

/** Each kind of picture against the exact 28x28 input the model gets. */
class ImagePreprocessorTest {
    private static final int N = ImagePreprocessor.SIZE;

    private static float[] convert(BufferedImage image, Background background) {
        return new ImagePreprocessor(background).convert(image);
    }

    /** A 28x28 picture that is {@code inside} on the square [9, 19) x [9, 19) and {@code outside} elsewhere. */
    private static float[] square(float inside, float outside) {
        float[] out = new float[N * N];
        for (int y = 0; y < N; y++) {
            for (int x = 0; x < N; x++) {
                out[y * N + x] = x >= 9 && x < 19 && y >= 9 && y < 19 ? inside : outside;
            }
        }
        return out;
    }

    private static boolean inSquare(int x, int y) {
        return x >= 9 && x < 19 && y >= 9 && y < 19;
    }

    @Test
    void aTrainingSizedGrayPictureOnDarkIsTakenAsItIs() {
        BufferedImage image = new BufferedImage(N, N, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster r = image.getRaster();
        for (int i = 0; i < N * N; i++) {
            r.setSample(i % N, i / N, 0, i % 256);
        }
        float[] out = convert(image, Background.AUTO);
        for (int i = 0; i < N * N; i++) {
            assertEquals((i % 256) / 255f, out[i], 0f, "pixel " + i);
        }
    }

    @Test
    void aDarkObjectOnLightIsInverted() {
        BufferedImage image = new BufferedImage(N, N, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < N; y++) {
            for (int x = 0; x < N; x++) {
                image.getRaster().setSample(x, y, 0, inSquare(x, y) ? 0 : 255);
            }
        }
        assertArrayEquals(square(1, 0), convert(image, Background.AUTO), 0f);
        assertArrayEquals(square(0, 1), convert(image, Background.DARK), 0f, "declared dark: taken as it is");
    }

    /** 56 wide, 28 high: the longer side becomes 28, so the picture is 28x14, centred at rows 7 to 20. */
    @Test
    void aWidePictureIsScaledWithItsAspectAndCentred() {
        BufferedImage image = new BufferedImage(56, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                image.getRaster().setSample(x, y, 0, 255);
            }
        }
        float[] out = convert(image, Background.DARK);
        for (int y = 0; y < N; y++) {
            for (int x = 0; x < N; x++) {
                float expected = y >= 7 && y < 21 && x < 14 ? 1f : 0f;
                assertEquals(expected, out[y * N + x], 0f, "x " + x + ", y " + y);
            }
        }
    }

    /** The case that came out all black: a dark garment on a transparent background. */
    @Test
    void aDarkGarmentOnTransparencyReadsAsLightOnDark() {
        BufferedImage image = new BufferedImage(N, N, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < N; y++) {
            for (int x = 0; x < N; x++) {
                image.setRGB(x, y, inSquare(x, y) ? 0xFF000000 : 0x00000000);
            }
        }
        image.setRGB(0, 0, 0x80000000); // half-transparent black: half of the way to the implied white
        float[] out = convert(image, Background.AUTO);
        float[] expected = square(1, 0);
        expected[0] = 128 / 255f;
        assertArrayEquals(expected, out, 1e-6f);
        assertFalse(ImagePreprocessor.isBlank(out));
    }

    @Test
    void aLightGarmentOnTransparencyStaysLightOnDark() {
        BufferedImage image = new BufferedImage(N, N, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < N; y++) {
            for (int x = 0; x < N; x++) {
                image.setRGB(x, y, inSquare(x, y) ? 0xFFFFFFFF : 0x00FFFFFF);
            }
        }
        assertArrayEquals(square(1, 0), convert(image, Background.AUTO), 0f);
    }

    @Test
    void sixteenBitGrayKeepsItsFullRange() {
        BufferedImage image = new BufferedImage(N, N, BufferedImage.TYPE_USHORT_GRAY);
        image.getRaster().setSample(3, 4, 0, 65535);
        image.getRaster().setSample(5, 6, 0, 32768);
        float[] out = convert(image, Background.AUTO);
        assertEquals(1f, out[4 * N + 3], 0f);
        assertEquals(32768 / 65535f, out[6 * N + 5], 0f);
        assertEquals(0f, out[0], 0f);
    }

    @Test
    void aPalettePictureIsReadThroughItsColours() {
        byte[] red = {0, (byte) 255, (byte) 128, (byte) 255};
        byte[] green = {0, (byte) 255, (byte) 128, 0};
        byte[] blue = {0, (byte) 255, (byte) 128, 0};
        IndexColorModel palette = new IndexColorModel(2, 4, red, green, blue);
        BufferedImage image = new BufferedImage(N, N, BufferedImage.TYPE_BYTE_INDEXED, palette);
        image.getRaster().setSample(1, 1, 0, 1); // white
        image.getRaster().setSample(2, 1, 0, 2); // mid gray
        image.getRaster().setSample(3, 1, 0, 3); // pure red: luminance 0.299
        float[] out = convert(image, Background.AUTO);
        assertEquals(1f, out[N + 1], 1e-6f);
        assertEquals(128 / 255f, out[N + 2], 1e-6f);
        assertEquals(0.299f, out[N + 3], 1e-6f);
        assertEquals(0f, out[0], 0f);
    }

    @Test
    void aCmykPictureIsConvertedThroughItsColourSpace() {
        ComponentColorModel cmyk = new ComponentColorModel(new NaiveCmyk(), false, false, Transparency.OPAQUE,
                DataBuffer.TYPE_BYTE);
        WritableRaster raster = cmyk.createCompatibleWritableRaster(N, N);
        for (int y = 0; y < N; y++) {
            for (int x = 0; x < N; x++) {
                // Black ink (K) everywhere but the square, which is bare paper: white.
                raster.setPixel(x, y, new int[] {0, 0, 0, inSquare(x, y) ? 0 : 255});
            }
        }
        BufferedImage image = new BufferedImage(cmyk, raster, false, null);
        assertArrayEquals(square(1, 0), convert(image, Background.AUTO), 0f);
    }

    @Test
    void aFlatPictureIsBlank() {
        assertTrue(ImagePreprocessor.isBlank(new float[N * N]));
        assertTrue(ImagePreprocessor.isBlank(square(0.52f, 0.5f)));
        assertFalse(ImagePreprocessor.isBlank(square(0.6f, 0.5f)));
    }

    /** CMYK without an ICC profile: r = (1 - c)(1 - k), and so on. */
    private static final class NaiveCmyk extends ColorSpace {
        private static final ColorSpace SRGB = ColorSpace.getInstance(ColorSpace.CS_sRGB);

        NaiveCmyk() {
            super(ColorSpace.TYPE_CMYK, 4);
        }

        @Override
        public float[] toRGB(float[] v) {
            return new float[] {(1 - v[0]) * (1 - v[3]), (1 - v[1]) * (1 - v[3]), (1 - v[2]) * (1 - v[3])};
        }

        @Override
        public float[] fromRGB(float[] rgb) {
            float k = 1 - Math.max(rgb[0], Math.max(rgb[1], rgb[2]));
            float d = k >= 1 ? 1 : 1 - k;
            return new float[] {(1 - rgb[0] - k) / d, (1 - rgb[1] - k) / d, (1 - rgb[2] - k) / d, k};
        }

        @Override
        public float[] toCIEXYZ(float[] v) {
            return SRGB.toCIEXYZ(toRGB(v));
        }

        @Override
        public float[] fromCIEXYZ(float[] xyz) {
            return fromRGB(SRGB.fromCIEXYZ(xyz));
        }
    }

    /** 40,000 x 40,000 declared in a file of a few hundred bytes: refused from the header, nothing decoded. */
    @Test
    void aHugeDeclaredSizeIsRefusedBeforeDecoding(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path huge = java.nio.file.Files.write(tmp.resolve("huge.png"), org.atelier.testing.TestImages.pngDeclaring(40_000, 40_000));
        org.atelier.util.UserException e = org.junit.jupiter.api.Assertions.assertThrows(org.atelier.util.UserException.class,
                () -> new ImagePreprocessor(Background.AUTO).load(huge));
        assertEquals(huge + ": 40,000 x 40,000 pixels is more than the 200 megapixels Atelier reads", e.getMessage());
    }

    /** A large picture is decoded subsampled, to the same 28x28 result. */
    @Test
    void aLargePictureIsReadSubsampled(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        BufferedImage image = new BufferedImage(2100, 1050, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 1050; y++) {
            for (int x = 0; x < 1050; x++) {
                image.getRaster().setSample(x, y, 0, 255);
            }
        }
        java.nio.file.Path file = tmp.resolve("large.png");
        javax.imageio.ImageIO.write(image, "png", file.toFile());
        float[] out = new ImagePreprocessor(Background.DARK).load(file);
        for (int y = 0; y < N; y++) {
            for (int x = 0; x < N; x++) {
                float expected = y >= 7 && y < 21 && x < 14 ? 1f : 0f;
                assertEquals(expected, out[y * N + x], 0.01f, "x " + x + ", y " + y);
            }
        }
    }

    /** The bytes of a file (as Spark's binaryFile source hands them over) read as the file does, refusals included. */
    @Test
    void bytesReadAsTheirFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < 40 * 30; i++) {
            image.getRaster().setSample(i % 40, i / 40, 0, (i * 7) % 256);
        }
        java.nio.file.Path file = tmp.resolve("shape.png");
        javax.imageio.ImageIO.write(image, "png", file.toFile());
        ImagePreprocessor preprocessor = new ImagePreprocessor(Background.AUTO);

        assertArrayEquals(preprocessor.load(file), preprocessor.load(java.nio.file.Files.readAllBytes(file), "shape.png"));
        org.atelier.util.UserException huge = org.junit.jupiter.api.Assertions.assertThrows(org.atelier.util.UserException.class,
                () -> preprocessor.load(org.atelier.testing.TestImages.pngDeclaring(40_000, 40_000), "in/huge.png"));
        assertEquals("in/huge.png: 40,000 x 40,000 pixels is more than the 200 megapixels Atelier reads", huge.getMessage());
        org.atelier.util.UserException text = org.junit.jupiter.api.Assertions.assertThrows(org.atelier.util.UserException.class,
                () -> preprocessor.load("not a picture".getBytes(java.nio.charset.StandardCharsets.UTF_8), "in/notes.png"));
        assertEquals("in/notes.png: not an image in a format Java reads (PNG, JPEG, GIF, BMP)", text.getMessage());
    }
}

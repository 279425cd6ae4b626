package org.atelier.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class HeatmapOverlayTest {
    private static String rgb(BufferedImage picture, int x, int y) {
        int c = picture.getRGB(x, y);
        return ((c >> 16) & 0xff) + "," + ((c >> 8) & 0xff) + "," + (c & 0xff);
    }

    /**
     * Jet at 0 is (0, 0, 0.5) dark blue, at 0.5 (0.5, 1, 0.5), at 1 (0.5, 0, 0) dark red; each
     * channel is then half the image's grey (0..255) and half the colour's (0.5 is 128).
     */
    @Test
    void eachPixelIsHalfTheImagesGreyAndHalfTheMapsColour() {
        float[] image = new float[784];
        float[] map = new float[784];
        image[0] = 0.5f; // grey 128
        map[0] = 1f; // (128, 0, 0)
        image[1] = 0f;
        map[1] = 0.5f; // (128, 255, 128)
        image[28] = 1f; // grey 255
        map[28] = 0f; // (0, 0, 128)
        image[29] = 1f;
        map[29] = 0.75f; // red 1.5-0=1, green 1.5-1=0.5, blue 0: (255, 128, 0)

        BufferedImage picture = HeatmapOverlay.render(image, map, "Sneaker", 0.973);

        assertEquals(224, picture.getWidth());
        assertEquals(224 + HeatmapOverlay.CAPTION_PIXELS, picture.getHeight());
        assertEquals("128,64,64", rgb(picture, 0, 0));
        assertEquals("128,64,64", rgb(picture, 7, 7), "each image pixel is an 8x8 square");
        assertEquals("64,128,64", rgb(picture, 8, 0));
        assertEquals("128,128,192", rgb(picture, 0, 8));
        assertEquals("255,192,128", rgb(picture, 15, 15));
        assertEquals("0,0,64", rgb(picture, 223, 223), "black under no evidence: half of jet's dark blue");
    }

    /** A map that is zero everywhere paints nothing: the image stays its own grey (a dark blue wash would read as a map). */
    @Test
    void aMapWithNoEvidenceLeavesTheImageGrey() {
        float[] image = new float[784];
        image[0] = 0.5f;
        image[29] = 1f;

        BufferedImage picture = HeatmapOverlay.render(image, new float[784], "Shirt", 0.62);

        assertEquals("128,128,128", rgb(picture, 0, 0));
        assertEquals("255,255,255", rgb(picture, 8, 8));
        assertEquals("0,0,0", rgb(picture, 223, 223));
        assertEquals(false, GradCam.hasEvidence(new float[784]));
        assertEquals(true, GradCam.hasEvidence(new float[] {0, 0, 1e-6f}));
    }

    @Test
    void fileNamesKeepSafeCharactersAndEndInPng() {
        assertEquals("shirt.png", HeatmapOverlay.fileName("shirt.png"));
        assertEquals("photo.jpg.png", HeatmapOverlay.fileName("photo.jpg"));
        assertEquals("a_b_ok.png", HeatmapOverlay.fileName("a/b/ok.png"));
        assertEquals("t10k-images-idx3-ubyte-00042.png", HeatmapOverlay.fileName("t10k-images-idx3-ubyte-00042"));
        assertEquals("_...png", HeatmapOverlay.fileName(".."), "no hidden file");
        assertEquals("caf__1.png", HeatmapOverlay.fileName("caf\u00e9 1"));
    }
}

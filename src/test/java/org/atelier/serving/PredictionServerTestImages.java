package org.atelier.serving;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import javax.imageio.ImageIO;
import org.atelier.data.ImageSet;

/** Test images as the PNG files a user would send. */
final class PredictionServerTestImages {
    private PredictionServerTestImages() {}

    static byte[] png(ImageSet images, int i) throws java.io.IOException {
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int p = 0; p < 784; p++) {
            image.getRaster().setSample(p % 28, p / 28, 0, images.pixels()[i * 784 + p] & 0xff);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}

package org.atelier.augmentation;

/**
 * One geometric transform of a square image about its centre, applied by inverse mapping: each
 * output pixel samples the input bilinearly at the transformed position; what lies outside the
 * image is given by a {@link Fill} (by default the nearest edge pixel, Keras' fill_mode 'nearest').
 *
 * <p>Forward, a content point p (relative to the centre) goes to
 * {@code R(rotation) * Shear(shear) * Zoom(zx, zy) * Flip * p + (dx, dy)}; x grows to the right and
 * y downwards, so {@code dx = 2} moves the content two pixels right.
 */
public record AffineTransform(double dx, double dy, double zoomX, double zoomY, double shearDegrees,
                              double rotationDegrees, boolean flip) {

    public static AffineTransform identity() {
        return new AffineTransform(0, 0, 1, 1, 0, 0, false);
    }

    /** Transforms {@code src} (size x size, row-major) into {@code dst}, which must not be {@code src}. */
    public void apply(float[] src, int srcOffset, float[] dst, int dstOffset, int size) {
        apply(src, srcOffset, dst, dstOffset, size, Fill.NEAREST);
    }

    /** As {@link #apply(float[], int, float[], int, int)}, filling what lies outside the image with {@code fill}. */
    public void apply(float[] src, int srcOffset, float[] dst, int dstOffset, int size, Fill fill) {
        // Forward matrix A = R * S * Z * F; inverse maps output to input.
        double r = Math.toRadians(rotationDegrees);
        double s = Math.toRadians(shearDegrees);
        double cos = Math.cos(r);
        double sin = Math.sin(r);
        double f = flip ? -1 : 1;
        // Z * F = diag(zoomX * f, zoomY); S = [[1, -sin s], [0, cos s]] (Keras' shear); R = [[cos, -sin], [sin, cos]].
        double a00 = zoomX * f;
        double a01 = -Math.sin(s) * zoomY;
        double a10 = 0;
        double a11 = Math.cos(s) * zoomY;
        double m00 = cos * a00 - sin * a10;
        double m01 = cos * a01 - sin * a11;
        double m10 = sin * a00 + cos * a10;
        double m11 = sin * a01 + cos * a11;
        double det = m00 * m11 - m01 * m10;
        double i00 = m11 / det;
        double i01 = -m01 / det;
        double i10 = -m10 / det;
        double i11 = m00 / det;
        double c = (size - 1) / 2.0;
        for (int y = 0; y < size; y++) {
            double oy = y - c - dy;
            for (int x = 0; x < size; x++) {
                double ox = x - c - dx;
                double sx = i00 * ox + i01 * oy + c;
                double sy = i10 * ox + i11 * oy + c;
                dst[dstOffset + y * size + x] = bilinear(src, srcOffset, size, sx, sy, fill);
            }
        }
    }

    /** Bilinear sampling; each of the four neighbours outside the image is given by {@code fill}. */
    private static float bilinear(float[] src, int offset, int size, double x, double y, Fill fill) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double fx = x - x0;
        double fy = y - y0;
        double top = pixel(src, offset, size, x0, y0, fill) * (1 - fx) + pixel(src, offset, size, x0 + 1, y0, fill) * fx;
        double bottom = pixel(src, offset, size, x0, y0 + 1, fill) * (1 - fx) + pixel(src, offset, size, x0 + 1, y0 + 1, fill) * fx;
        return (float) (top * (1 - fy) + bottom * fy);
    }

    private static float pixel(float[] src, int offset, int size, int x, int y, Fill fill) {
        boolean inside = x >= 0 && y >= 0 && x < size && y < size;
        if (inside) {
            return src[offset + y * size + x];
        }
        if (fill == Fill.ZERO) {
            return 0f;
        }
        return src[offset + Math.max(0, Math.min(size - 1, y)) * size + Math.max(0, Math.min(size - 1, x))];
    }
}

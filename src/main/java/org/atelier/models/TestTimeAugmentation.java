package org.atelier.models;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.atelier.augmentation.AffineTransform;
import org.atelier.util.UserException;

/**
 * Test-time augmentation: a prediction is the mean of the class probabilities of several views of
 * the image. The views are whole-pixel moves and mirror images, so none is blurred by resampling.
 */
public enum TestTimeAugmentation {
    /** The image alone. */
    NONE("none"),
    /** The image and its mirror image: 2 views. */
    FLIP("flip"),
    /** The image and its mirror image, each also moved one pixel up, down, left and right: 10 views. */
    SHIFT_FLIP("shift-flip");

    private final String id;

    TestTimeAugmentation(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static TestTimeAugmentation byName(String name) {
        for (TestTimeAugmentation t : values()) {
            if (t.id.equals(name)) {
                return t;
            }
        }
        throw new UserException("--tta must be one of " + Arrays.stream(values()).map(TestTimeAugmentation::id).toList()
                + ", got " + name);
    }

    /** The transforms whose predictions are averaged; the first is the identity. */
    public List<AffineTransform> views() {
        List<AffineTransform> views = new ArrayList<>();
        boolean[] mirrors = this == NONE ? new boolean[] {false} : new boolean[] {false, true};
        int[][] moves = this == SHIFT_FLIP ? new int[][] {{0, 0}, {1, 0}, {-1, 0}, {0, 1}, {0, -1}} : new int[][] {{0, 0}};
        for (boolean mirror : mirrors) {
            for (int[] move : moves) {
                views.add(new AffineTransform(move[0], move[1], 1, 1, 0, 0, mirror));
            }
        }
        return views;
    }
}

package org.atelier.inference;

import java.util.List;
import java.util.Locale;

/**
 * How `predict` reads an input folder, in one process or on Spark: the image files directly in it,
 * by name, never what is in its subfolders. Subfolders, and symbolic links to folders, are counted
 * and named in a warning rather than entered, so a link back up the tree cannot send the listing
 * round in circles and both runners predict the same files under the same ids.
 */
public final class InputFolders {
    /** The file names predict takes from a folder as images. */
    public static final List<String> IMAGE_EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".gif", ".bmp");

    private InputFolders() {}

    public static boolean isImageName(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        return IMAGE_EXTENSIONS.stream().anyMatch(name::endsWith);
    }

    /** The warning for a folder with subfolders, which are left alone. */
    public static String subfoldersIgnored(String folder, long subfolders) {
        return String.format(Locale.ROOT, "%s: %,d %s ignored (predict reads the images directly in a folder, not in its subfolders)",
                folder, subfolders, subfolders == 1 ? "subfolder" : "subfolders");
    }

    /** Why a folder gives nothing to predict. */
    public static String noImages(String folder, long subfolders) {
        String ignored = subfolders == 0 ? "" : String.format(Locale.ROOT, "; %,d %s ignored", subfolders,
                subfolders == 1 ? "subfolder" : "subfolders");
        return folder + ": no images in this folder (PNG, JPEG, GIF or BMP files directly in it" + ignored + ")";
    }
}

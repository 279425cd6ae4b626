package org.atelier.data;

import java.io.DataOutputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.atelier.util.AtomicFiles;

/** Writes IDX files, so tests and tools can produce data in the format the reader checks. */
public final class IdxWriter {
    private IdxWriter() {}

    public static void writeImages(Path file, ImageSet images, boolean gzip) {
        write(file, gzip, new int[] {images.size(), images.rows(), images.cols()}, images.pixels());
    }

    public static void writeLabels(Path file, byte[] labels, boolean gzip) {
        write(file, gzip, new int[] {labels.length}, labels);
    }

    private static void write(Path file, boolean gzip, int[] dims, byte[] data) {
        AtomicFiles.write(file, sink -> {
            OutputStream target = gzip ? new GZIPOutputStream(sink) : sink;
            DataOutputStream out = new DataOutputStream(target);
            out.writeInt(0x0800 | dims.length);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(data);
            out.flush();
            if (target instanceof GZIPOutputStream g) {
                g.finish();
            }
        });
    }

}

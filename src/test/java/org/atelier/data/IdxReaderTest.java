package org.atelier.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.atelier.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxReaderTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void roundTripKeepsEveryPixelAndLabel(boolean gzip) {
        ImageSet original = TestData.synthetic(3, 7);
        Path images = dir.resolve(gzip ? "i.gz" : "i");
        Path labels = dir.resolve(gzip ? "l.gz" : "l");
        IdxWriter.writeImages(images, original, gzip);
        IdxWriter.writeLabels(labels, original.labels(), gzip);

        ImageSet read = IdxReader.readImages(images, IdxReader.readLabels(labels));

        assertArrayEquals(original.pixels(), read.pixels());
        assertArrayEquals(original.labels(), read.labels());
        assertEquals(28, read.rows());
        assertEquals(30, read.size());
    }

    private static byte[] idx(int magic, int[] dims, byte[] data) {
        ByteBuffer buf = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        buf.putInt(magic);
        for (int d : dims) {
            buf.putInt(d);
        }
        buf.put(data);
        return buf.array();
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
        }
        return out.toByteArray();
    }

    private String failure(String name, byte[] content, boolean labels) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, content);
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> {
                    if (labels) {
                        IdxReader.readLabels(file);
                    } else {
                        IdxReader.readImages(file, new byte[2]);
                    }
                });
        assertEquals(file, e.file());
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), "one line");
        return e.getMessage();
    }

    @Test
    void emptyFile() throws IOException {
        assertTrue(failure("empty", new byte[0], true).endsWith(": empty file"));
    }

    @Test
    void truncatedRawData() throws IOException {
        byte[] full = idx(0x803, new int[] {2, 28, 28}, new byte[2 * 784]);
        String msg = failure("images", Arrays.copyOf(full, full.length - 100), false);
        assertTrue(msg.contains("truncated: header promises 1568 data bytes, file has 1468"), msg);
    }

    @Test
    void truncatedHeader() throws IOException {
        String msg = failure("labels", Arrays.copyOf(idx(0x801, new int[] {5}, new byte[5]), 6), true);
        assertTrue(msg.contains("truncated: header needs 8 bytes, file has 6"), msg);
    }

    @Test
    void truncatedGzipStream() throws IOException {
        byte[] gz = gzip(idx(0x801, new int[] {1000}, new byte[1000]));
        String msg = failure("labels.gz", Arrays.copyOf(gz, gz.length / 2), true);
        assertTrue(msg.contains("truncated: the gzip stream ends early"), msg);
    }

    @Test
    void wrongMagic() throws IOException {
        String msg = failure("labels", idx(0x803, new int[] {1, 1, 1}, new byte[1]), true);
        assertTrue(msg.contains("wrong magic number 0x00000803, expected 0x00000801"), msg);
    }

    @Test
    void labelOutOfRange() throws IOException {
        String msg = failure("labels", idx(0x801, new int[] {3}, new byte[] {0, 9, 10}), true);
        assertTrue(msg.endsWith("label out of range 0-9: 10 at index 2"), msg);
    }

    @Test
    void notGzipDespiteName() throws IOException {
        String msg = failure("labels.gz", idx(0x801, new int[] {1}, new byte[] {1}), true);
        assertTrue(msg.contains("not gzip"), msg);
    }

    @Test
    void countMismatchBetweenImagesAndLabels() throws IOException {
        String msg = failure("images", idx(0x803, new int[] {3, 28, 28}, new byte[3 * 784]), false);
        assertTrue(msg.endsWith("count mismatch: 3 images but 2 labels"), msg);
    }

    @Test
    void trailingBytes() throws IOException {
        byte[] full = idx(0x801, new int[] {2}, new byte[] {1, 2});
        String msg = failure("labels", Arrays.copyOf(full, full.length + 3), true);
        assertTrue(msg.contains("3 unexpected bytes after the 2 data bytes"), msg);
    }

    @Test
    void missingFile() {
        Path file = dir.resolve("nope");
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.readLabels(file));
        assertEquals(file + ": no such file", e.getMessage());
    }

    @Test
    void wrongImageShapeIsRejectedForFashionMnist() {
        TestData.writeDataset(dir, 1, 1, true);
        ImageSet small = new ImageSet(new byte[10 * 16], new byte[10], 4, 4);
        IdxWriter.writeImages(dir.resolve("t10k-images-idx3-ubyte.gz"), small, true);
        DataFormatException e = assertThrows(DataFormatException.class, () -> FashionMnist.load(dir));
        assertTrue(e.getMessage().endsWith("wrong shape: images are 4x4, Fashion-MNIST images are 28x28"), e.getMessage());
    }
}

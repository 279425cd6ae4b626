package org.atelier.data;

import org.atelier.util.UserException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files (the MNIST format), gzipped or raw, and checks every header field against the
 * content so that a damaged file fails with one line that names it and its problem.
 */
public final class IdxReader {
    /** Magic number of unsigned-byte IDX data: 0x0000 then type 0x08, then the dimension count. */
    private static final int UNSIGNED_BYTE_TYPE = 0x08;

    private IdxReader() {}

    /** Reads an images file (3 dimensions: count, rows, columns). */
    public static ImageSet readImages(Path file, byte[] labels) {
        Idx idx = read(file, 3);
        int count = idx.dims[0];
        if (count != labels.length) {
            throw new DataFormatException(
                    file, "count mismatch: " + count + " images but " + labels.length + " labels");
        }
        return new ImageSet(idx.data, labels, idx.dims[1], idx.dims[2]);
    }

    /** Reads an images file on its own, for prediction: every label is 0. */
    public static ImageSet readUnlabelledImages(Path file) {
        Idx idx = read(file, 3);
        return new ImageSet(idx.data, new byte[idx.dims[0]], idx.dims[1], idx.dims[2]);
    }

    /** Reads a labels file (1 dimension) and checks every label is a class 0-9. */
    public static byte[] readLabels(Path file) {
        Idx idx = read(file, 1);
        for (int i = 0; i < idx.data.length; i++) {
            int label = idx.data[i] & 0xff;
            if (label >= FashionClass.COUNT) {
                throw new DataFormatException(file, "label out of range 0-9: " + label + " at index " + i);
            }
        }
        return idx.data;
    }

    private record Idx(int[] dims, byte[] data) {}

    private static Idx read(Path file, int expectedDims) {
        byte[] bytes = decompressedContent(file);
        if (bytes.length == 0) {
            throw new DataFormatException(file, "empty file");
        }
        if (bytes.length < 4) {
            throw new DataFormatException(file, "truncated: only " + bytes.length + " bytes, no complete header");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes); // IDX is big-endian, ByteBuffer's default
        int magic = buf.getInt();
        int expectedMagic = (UNSIGNED_BYTE_TYPE << 8) | expectedDims;
        if (magic != expectedMagic) {
            throw new DataFormatException(file, String.format(java.util.Locale.ROOT,
                    "wrong magic number 0x%08x, expected 0x%08x (%s)", magic, expectedMagic,
                    expectedDims == 1 ? "an IDX labels file" : "an IDX images file"));
        }
        int headerBytes = 4 + 4 * expectedDims;
        if (bytes.length < headerBytes) {
            throw new DataFormatException(file, "truncated: header needs " + headerBytes + " bytes, file has " + bytes.length);
        }
        int[] dims = new int[expectedDims];
        long expectedData = 1;
        for (int d = 0; d < expectedDims; d++) {
            dims[d] = buf.getInt();
            if (dims[d] <= 0) {
                throw new DataFormatException(file, "dimension " + d + " is " + dims[d] + ", must be positive");
            }
            expectedData *= dims[d];
        }
        long actualData = bytes.length - headerBytes;
        if (actualData < expectedData) {
            throw new DataFormatException(file, "truncated: header promises " + expectedData
                    + " data bytes, file has " + actualData);
        }
        if (actualData > expectedData) {
            throw new DataFormatException(file, (actualData - expectedData)
                    + " unexpected bytes after the " + expectedData + " data bytes the header declares");
        }
        byte[] data = new byte[(int) expectedData];
        buf.get(data);
        return new Idx(dims, data);
    }

    /** The file's bytes, decompressed when it starts with the gzip magic number. */
    static byte[] decompressedContent(Path file) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            boolean gzip = b0 == 0x1f && b1 == 0x8b;
            if (!gzip) {
                if (file.getFileName().toString().endsWith(".gz") && b0 != -1) {
                    throw new DataFormatException(file, "not gzip: the name ends in .gz but the content is not gzip data");
                }
                return raw.readAllBytes();
            }
            try (InputStream in = new GZIPInputStream(raw, 1 << 16)) {
                ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
                in.transferTo(out);
                return out.toByteArray();
            }
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file, "no such file");
        } catch (EOFException e) {
            throw new DataFormatException(file, "truncated: the gzip stream ends early");
        } catch (ZipException e) {
            throw new DataFormatException(file, "corrupt gzip data (" + UserException.reason(e) + ")");
        } catch (IOException e) {
            throw new DataFormatException(file, "cannot read (" + UserException.reason(e) + ")");
        }
    }
}

package org.atelier.util;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** JSON files through one configured Jackson mapper; writes are atomic. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            // a key given twice is an error, not "the last one wins"
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private Json() {}

    public static void write(Path file, Object value) {
        AtomicFiles.write(file, out -> MAPPER.writeValue(new NonClosing(out), value));
    }

    public static <T> T read(Path file, Class<T> type) {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            return MAPPER.readValue(in, type);
        } catch (NoSuchFileException e) {
            throw new UserException(file + ": no such file");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new UserException(file + ": permission denied");
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new UserException(file + ": not valid JSON: " + problem(e));
        } catch (IOException e) {
            throw new UserException("cannot read " + file + ": " + UserException.reason(e));
        }
    }

    /**
     * The parser's complaint in one line with where it is ("Unexpected end-of-input ... at line 3,
     * column 1"), without the Java type it was reading into.
     */
    public static String problem(com.fasterxml.jackson.core.JacksonException e) {
        String first = e.getOriginalMessage().lines().findFirst().orElse("").strip()
                .replaceFirst(" for (`[^`]+`|[A-Z]\\w*)$", "");
        return e.getLocation() == null || e.getLocation().getLineNr() < 1 ? first
                : first + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    /** The file's object, or an empty one when the file does not exist yet. */
    public static ObjectNode readObjectOrEmpty(Path file) {
        if (!Files.exists(file)) {
            return MAPPER.createObjectNode();
        }
        return read(file, ObjectNode.class);
    }

    /** Jackson closes the stream it writes to; the atomic writer closes it itself. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(java.io.OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}

package org.atelier.serving;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a multipart/form-data body (RFC 7578): each part's field name, file name and bytes;
 * at most {@link ServeConfig#MAX_FORM_PARTS} of them.
 */
final class Multipart {
    record Part(String field, String fileName, byte[] bytes) {}

    private static final Pattern BOUNDARY = Pattern.compile("boundary=(?:\"([^\"]+)\"|([^;\\s]+))", Pattern.CASE_INSENSITIVE);
    private static final Pattern NAME = Pattern.compile("(?<![a-z])name=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern FILE_NAME = Pattern.compile("filename=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);

    private Multipart() {}

    static boolean isMultipart(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    static List<Part> parse(String contentType, byte[] body) {
        Matcher m = BOUNDARY.matcher(contentType);
        if (!m.find()) {
            throw new HttpError(400, "multipart/form-data without a boundary");
        }
        byte[] delimiter = ("--" + (m.group(1) != null ? m.group(1) : m.group(2))).getBytes(StandardCharsets.ISO_8859_1);
        List<Part> parts = new ArrayList<>();
        int at = indexOf(body, delimiter, 0);
        if (at < 0) {
            throw new HttpError(400, "multipart body without its boundary");
        }
        while (true) {
            int lineEnd = at + delimiter.length;
            if (lineEnd + 1 < body.length && body[lineEnd] == '-' && body[lineEnd + 1] == '-') {
                return parts; // the closing delimiter
            }
            if (parts.size() == ServeConfig.MAX_FORM_PARTS) {
                throw new HttpError(413, "the form holds more than " + ServeConfig.MAX_FORM_PARTS + " parts; send at most "
                        + ServeConfig.MAX_FORM_PARTS + " files per request");
            }
            int headersStart = skipLineBreak(body, lineEnd);
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), headersStart);
            if (headersEnd < 0) {
                throw new HttpError(400, "a multipart part without the blank line after its headers");
            }
            String headers = new String(body, headersStart, headersEnd - headersStart, StandardCharsets.UTF_8);
            int contentStart = headersEnd + 4;
            int next = indexOf(body, delimiter, contentStart);
            if (next < 0) {
                throw new HttpError(400, "a multipart body that ends inside a part (truncated?)");
            }
            int contentEnd = next >= 2 && body[next - 2] == '\r' && body[next - 1] == '\n' ? next - 2 : next;
            Matcher name = NAME.matcher(headers);
            Matcher file = FILE_NAME.matcher(headers);
            byte[] bytes = new byte[Math.max(0, contentEnd - contentStart)];
            System.arraycopy(body, contentStart, bytes, 0, bytes.length);
            parts.add(new Part(name.find() ? name.group(1) : "", file.find() ? file.group(1) : null, bytes));
            at = next;
        }
    }

    private static int skipLineBreak(byte[] body, int at) {
        return at + 1 < body.length && body[at] == '\r' && body[at + 1] == '\n' ? at + 2 : at;
    }

    static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

package org.atelier.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Requests read and answers written on the JDK's {@link HttpExchange}: bodies under a size limit,
 * JSON, query strings, and answers that reach the client even when its body was refused. Every
 * problem with a request is an {@link HttpError}.
 */
final class Exchanges {
    /** Bytes after a request's JSON value are an error, not ignored. */
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Exchanges() {
    }

    static JsonNode readJson(HttpExchange exchange, long limit) {
        byte[] body = readBody(exchange, limit);
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new HttpError(400, "the body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            if (e.getOriginalMessage().startsWith("Trailing token")) {
                throw new HttpError(400, "malformed JSON: something follows the end of the object");
            }
            throw new HttpError(400, "malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new HttpError(400, "unreadable body: " + e.getMessage());
        }
    }

    /**
     * The request body, refused (413) past {@code limit} bytes. The rest of a refused body is read
     * and dropped (up to {@link ServeConfig#MAX_DRAINED_BYTES}) before the answer: a server that closes on unread
     * data resets the connection, and the client loses the answer. Bodies declared larger than that
     * are refused at once, from the header.
     */
    static byte[] readBody(HttpExchange exchange, long limit) {
        long length = declaredLength(exchange);
        // Not closed here: closing drains what is left of the body, which must wait until the answer is out.
        InputStream in = exchange.getRequestBody();
        try {
            if (length > limit) {
                if (length <= ServeConfig.MAX_DRAINED_BYTES) {
                    drop(in);
                }
                throw new HttpError(413, "the body is " + length + " bytes; the limit is " + limit + " (--max-body-mb)");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                if (out.size() > limit) {
                    drop(in);
                    throw new HttpError(413, "the body is over the limit of " + limit + " bytes (--max-body-mb)");
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new HttpError(400, "the body could not be read: " + e.getMessage());
        }
    }

    /**
     * What is left of a request's body, read and dropped before an answer that did not read it (a
     * 401, 404, a GET): closing on unread data resets the connection, and the client can lose the
     * answer; a body read to its end also keeps the connection open for the next request (the answer's
     * end closes the request's stream, so this comes first). The JDK's server drains nothing itself (configureJvm): a body declared past
     * {@link ServeConfig#MAX_DRAINED_BYTES} is not waited for, and the connection closes after the answer.
     */
    static void discardUnread(HttpExchange exchange) {
        try {
            if (declaredLength(exchange) <= ServeConfig.MAX_DRAINED_BYTES) {
                drop(exchange.getRequestBody());
            }
        } catch (IOException | HttpError e) {
            // The answer goes out all the same, and the connection closes after it.
        }
    }

    /** The request's Content-Length, or -1 when it has none (a chunked body). */
    private static long declaredLength(HttpExchange exchange) {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        try {
            return declared == null ? -1 : Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            throw new HttpError(400, "Content-Length is not a number");
        }
    }

    /** Reads and drops up to {@link ServeConfig#MAX_DRAINED_BYTES} bytes of {@code in}. */
    private static void drop(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long dropped = 0;
        int n;
        while (dropped < ServeConfig.MAX_DRAINED_BYTES && (n = in.read(buffer)) > 0) {
            dropped += n;
        }
    }

    static int sendJson(HttpExchange exchange, int status, JsonNode body) {
        try {
            return send(exchange, status, "application/json", JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static int sendError(HttpExchange exchange, HttpError error) {
        if (error.retryAfter > 0) {
            exchange.getResponseHeaders().set("Retry-After", String.valueOf(error.retryAfter));
        }
        if (error.status == 401) {
            // RFC 7235: every 401 says which scheme would be accepted
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
        }
        if (error.status == 413) {
            exchange.getResponseHeaders().set("Connection", "close");
        }
        return sendJson(exchange, error.status, object("error", error.getMessage()));
    }

    static int send(HttpExchange exchange, int status, String contentType, byte[] body) {
        if (status != 413) { // a refused body has been drained as far as it will be
            discardUnread(exchange);
        }
        try {
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
                // Out on the wire now: closing the exchange first drains an unread request body, and a
                // refused one may never end (the connection is then cut).
                out.flush();
            }
        } catch (IOException e) {
            // The client went away; nothing to answer.
        }
        return status;
    }

    static ObjectNode object(String key, String value) {
        return JSON.createObjectNode().put(key, value);
    }

    static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                query.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return query;
    }

    static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, "malformed percent-encoding: " + s);
        }
    }
}

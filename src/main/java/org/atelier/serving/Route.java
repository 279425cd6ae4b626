package org.atelier.serving;

import com.sun.net.httpserver.HttpExchange;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One route of the server: its path (literal segments and {@code {name}} parameters, each one
 * percent-decoded segment), its method, whether a token is needed when the server has one, the
 * endpoint label of its metrics, what it is for (listed when the server starts; null for aliases
 * and internals) and its handler. The server's routes are one table of these.
 */
record Route(String method, String path, boolean needsToken, String endpoint, String purpose, Handler handler) {
    /** Answers a request that matched, with the path's parameters by name; returns the status sent. */
    @FunctionalInterface
    interface Handler {
        int handle(HttpExchange exchange, Map<String, String> parameters);
    }

    private List<String> pattern() {
        return List.of(path.substring(1).split("/", -1));
    }

    /** The path's parameters when {@code segments} (raw, not decoded) match this route's path, whatever the method. */
    Optional<Map<String, String>> match(String[] segments) {
        List<String> pattern = pattern();
        if (pattern.size() != segments.length) {
            return Optional.empty();
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < segments.length; i++) {
            String p = pattern.get(i);
            if (p.startsWith("{") && p.endsWith("}")) {
                parameters.put(p.substring(1, p.length() - 1), Exchanges.decode(segments[i]));
            } else if (!p.equals(segments[i])) {
                return Optional.empty();
            }
        }
        return Optional.of(parameters);
    }
}

package org.atelier.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.atelier.util.Json;

/** A configuration's JSON tree, the form config.json has, addressed by dotted paths ("plateau.factor"). */
final class ConfigTrees {
    private ConfigTrees() {}

    static void set(ObjectNode tree, String path, Object value) {
        int dot = path.lastIndexOf('.');
        ObjectNode parent = dot < 0 ? tree : (ObjectNode) at(tree, path.substring(0, dot));
        String key = path.substring(dot + 1);
        if (!parent.has(key)) {
            throw new IllegalArgumentException("no setting at " + path);
        }
        parent.set(key, Json.MAPPER.valueToTree(value));
    }

    static JsonNode at(JsonNode tree, String path) {
        JsonNode node = tree;
        for (String part : path.split("\\.")) {
            node = node.path(part);
        }
        return node;
    }
}

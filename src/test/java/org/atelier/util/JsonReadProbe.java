package org.atelier.util;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;

/** Reads the JSON file its argument names and prints the one-line message of the refusal, if any: run in a child process. */
public final class JsonReadProbe {
    private JsonReadProbe() {}

    public static void main(String[] args) {
        try {
            Json.read(Path.of(args[0]), ObjectNode.class);
            System.out.println("read");
        } catch (UserException e) {
            System.out.println(e.getMessage());
        }
    }
}

package org.atelier.sweep;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.atelier.config.TrainConfig;
import org.atelier.util.Json;
import org.atelier.util.UserException;

/**
 * One training of a sweep or a study: the name of its folder, what it is, and the configuration
 * that trains it. A study names its runs; a sweep derives each name from the settings and seed.
 */
public record RunSpec(String id, String description, TrainConfig config) {
    public RunSpec {
        if (id == null || !id.matches("[A-Za-z0-9][A-Za-z0-9._=-]*")) {
            throw new UserException("'" + id + "' cannot name a run folder: letters, digits, '.', '_', '=' and '-' only");
        }
    }

    /** A spec named by its settings: the model, a digest of every setting but the seed, then the seed. */
    public static RunSpec named(TrainConfig config, String description) {
        TrainConfig resolved = config.resolved();
        return new RunSpec(configId(resolved) + "-s" + resolved.seed(), description, resolved);
    }

    /**
     * The same for every seed of one configuration, different for any other setting: the model's
     * name and the first 8 hex digits of SHA-256 over the configuration's JSON without its seed,
     * nor how dropout masks are seeded (no setting a user chooses: ids stay those of sweeps made before it existed).
     */
    public static String configId(TrainConfig config) {
        ObjectNode tree = config.resolved().toJson();
        tree.remove("seed");
        tree.remove("dropoutSeeds");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(tree.toString().getBytes(StandardCharsets.UTF_8));
            return config.model() + "-" + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}

package org.atelier.models;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.atelier.util.AtomicFiles;
import org.atelier.util.UserException;

/** A network's parameters in DJL's format, written atomically. */
public final class ParameterFiles {
    private ParameterFiles() {}

    public static void save(Block block, Path file) {
        AtomicFiles.write(file, out -> {
            DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out, 1 << 16));
            block.saveParameters(data);
            data.flush();
        });
    }

    /** Loads parameters into an initialised network of the same architecture. */
    public static void load(Block block, NDManager manager, Path file) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            NativeCopies.loadParameters(block, manager, new DataInputStream(in));
        } catch (IOException | MalformedModelException | RuntimeException e) {
            throw new UserException(file + ": cannot load parameters (" + UserException.reason(e) + ")");
        }
    }
}

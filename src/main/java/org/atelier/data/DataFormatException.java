package org.atelier.data;

import java.nio.file.Path;
import org.atelier.util.UserException;

/** A data file that cannot be used, with the file and the problem named in one line. */
public class DataFormatException extends UserException {
    private final Path file;

    public DataFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}

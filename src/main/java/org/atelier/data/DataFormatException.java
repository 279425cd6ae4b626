package org.atelier.data;

import java.nio.file.Path;
import org.atelier.util.UserException;

/** A data file that cannot be used, with the file and the problem named in one line. */
public class DataFormatException extends UserException {
    private final Path file;
    private final String problem;

    public DataFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
        this.problem = problem;
    }

    public Path file() {
        return file;
    }

    /** What is wrong, without the file's name. */
    public String problem() {
        return problem;
    }
}

package org.atelier.training;

import org.atelier.util.UserException;

/**
 * A run stopped at a {@link StopRequest}, its state saved. Whoever requested the stop reports it,
 * so the command line prints nothing more for it.
 */
public final class TrainingStopped extends UserException {
    public TrainingStopped(String message) {
        super(message);
    }
}

package org.atelier.tune;

/**
 * What trains a tuning search's segments: each trains one trial's run, from where it stands, until it
 * has a rung's epochs. In this process one at a time, in child processes or on Spark several at once;
 * the search's scheduler stays in the tuner's process and decides alone.
 */
public interface SegmentTrainer extends AutoCloseable {
    /** How many segments train at once. */
    int slots();

    /**
     * Trains trial {@code trial} of the search until its run has {@code epochs} epochs (or has finished
     * earlier, by early stopping). A stop (Ctrl-C) is thrown as {@link org.atelier.training.TrainingStopped}.
     *
     * @return null once trained; the message when the trial's training failed (the search goes on without it)
     */
    String train(int trial, int epochs) throws InterruptedException;

    /** Releases what the trainer holds (child processes' hook, a Spark session). */
    @Override
    default void close() {}
}

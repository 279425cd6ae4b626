package org.atelier.training;

/** After every step, moves the exponential moving average of the weights (--ema) towards them. */
final class WeightAveraging implements LoopListener {
    private final TrainingSession session;

    WeightAveraging(TrainingSession session) {
        this.session = session;
    }

    @Override
    public void afterBatch(EpochTally tally, TrainingStep.Outcome outcome) {
        session.average.update(session.updater.steps());
    }
}

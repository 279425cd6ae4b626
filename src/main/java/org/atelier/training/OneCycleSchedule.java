package org.atelier.training;

/**
 * The one-cycle learning-rate schedule, step by step: a linear warm-up from max/25 to max over the
 * first {@code warmupFraction} of the steps, then a cosine decay to max/10,000 at the last step.
 * Converges in few epochs, which is what a CPU budget needs.
 */
public record OneCycleSchedule(double maxRate, long totalSteps, double warmupFraction) implements LearningRateSchedule {
    public static final double START_DIVISOR = 25;
    public static final double END_DIVISOR = 1e4;
    public static final double WARMUP_FRACTION = 0.2;

    @Override
    public double rate(long step) {
        long warmup = Math.max(1, Math.round(totalSteps * warmupFraction));
        double start = maxRate / START_DIVISOR;
        if (step < warmup) {
            return start + (maxRate - start) * step / warmup;
        }
        double progress = Math.min(1.0, (double) (step - warmup) / Math.max(1, totalSteps - 1 - warmup));
        double end = maxRate / END_DIVISOR;
        return end + (maxRate - end) * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
}

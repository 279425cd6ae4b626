package org.atelier.tune;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Asynchronous successive halving (ASHA: Li et al., "A System for Massively Parallel
 * Hyperparameter Tuning", arXiv 1810.05934, Algorithm 2). Trials train to the first rung's epochs;
 * a trial in the top 1/eta of those recorded at its rung is promoted and trains on to the next
 * rung; otherwise a new trial starts. Nobody waits for a rung to fill, so workers never idle.
 *
 * <p>The state is what happened, not what is running: each trial's start, promotions and the
 * metric recorded at each rung reached. A tuner that records them as they happen and is stopped
 * at any point is rebuilt from them: {@link #pending()} are the jobs that were under way.
 */
public final class SuccessiveHalving {
    /** Train {@code trial} until its run has {@code epochs} epochs, the epochs of rung {@code rung} (0 is the first). */
    public record Job(int trial, int rung, int epochs) {
        /** Whether the trial starts here, rather than training on from its last rung. */
        public boolean starts() {
            return rung == 0;
        }
    }

    private final List<Integer> rungs;
    private final int reductionFactor;
    private final int maxTrials;
    private final boolean higherIsBetter;
    /** The rung each started trial trains towards: 0 when started, k + 1 when promoted out of rung k. */
    private final TreeMap<Integer, Integer> target = new TreeMap<>();
    /** Per rung, the metric of each trial recorded there. */
    private final List<Map<Integer, Double>> recorded = new ArrayList<>();
    /** Trials whose training failed: recorded at their rung below every other, never promoted. */
    private final java.util.Set<Integer> failed = new java.util.HashSet<>();

    /**
     * @param rungs           the epochs of each rung, increasing (see {@link #rungs(int, int, int)})
     * @param reductionFactor eta: the top 1/eta of a rung are promoted (at least 2)
     * @param maxTrials       how many trials start at most
     * @param higherIsBetter  true for an accuracy, false for a loss
     */
    public SuccessiveHalving(List<Integer> rungs, int reductionFactor, int maxTrials, boolean higherIsBetter) {
        if (rungs.isEmpty() || reductionFactor < 2 || maxTrials < 1) {
            throw new IllegalArgumentException("rungs " + rungs + ", eta " + reductionFactor + ", trials " + maxTrials);
        }
        for (int k = 1; k < rungs.size(); k++) {
            if (rungs.get(k) <= rungs.get(k - 1)) {
                throw new IllegalArgumentException("rungs must increase: " + rungs);
            }
        }
        this.rungs = List.copyOf(rungs);
        this.reductionFactor = reductionFactor;
        this.maxTrials = maxTrials;
        this.higherIsBetter = higherIsBetter;
        rungs.forEach(r -> recorded.add(new HashMap<>()));
    }

    /**
     * The rungs' epochs: the grace period r, then r * eta, r * eta^2, ... while below the full
     * length R, then R itself (1, 3, 9 for r = 1, eta = 3, R = 9; 2, 6, 18, 20 for r = 2, R = 20).
     */
    public static List<Integer> rungs(int graceEpochs, int maxEpochs, int reductionFactor) {
        if (graceEpochs < 1 || maxEpochs < graceEpochs || reductionFactor < 2) {
            throw new IllegalArgumentException("grace " + graceEpochs + ", max " + maxEpochs + ", eta " + reductionFactor);
        }
        List<Integer> out = new ArrayList<>();
        for (long epochs = graceEpochs; epochs < maxEpochs; epochs *= reductionFactor) {
            out.add((int) epochs);
        }
        out.add(maxEpochs);
        return out;
    }

    public List<Integer> rungs() {
        return rungs;
    }

    /** Trial {@code trial} has started (towards the first rung). */
    public void started(int trial) {
        if (target.containsKey(trial)) {
            throw new IllegalStateException("trial " + trial + " started twice");
        }
        target.put(trial, 0);
    }

    /** Trial {@code trial} was promoted to rung {@code rung} (out of rung - 1, where it is recorded). */
    public void promoted(int trial, int rung) {
        Integer now = target.get(trial);
        if (now == null || rung != now + 1 || !recorded.get(now).containsKey(trial) || rung >= rungs.size()) {
            throw new IllegalStateException("trial " + trial + " cannot be promoted to rung " + rung);
        }
        target.put(trial, rung);
    }

    /** Trial {@code trial} reached rung {@code rung} with {@code metric}. */
    public void recorded(int trial, int rung, double metric) {
        Integer now = target.get(trial);
        if (now == null || now != rung) {
            throw new IllegalStateException("trial " + trial + " was not training towards rung " + rung);
        }
        if (Double.isNaN(metric)) {
            throw new IllegalArgumentException("trial " + trial + ": no metric at rung " + rung);
        }
        recorded.get(rung).put(trial, metric);
    }

    /**
     * Trial {@code trial}'s training failed on its way to rung {@code rung} (a loss that became NaN):
     * it counts among the trials recorded there, below all of them, and is never promoted.
     */
    public void failed(int trial, int rung) {
        recorded(trial, rung, higherIsBetter ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
        failed.add(trial);
    }

    public boolean hasFailed(int trial) {
        return failed.contains(trial);
    }

    /** The jobs started or promoted whose rung has no record yet: under way, or cut off by a stop. */
    public List<Job> pending() {
        List<Job> out = new ArrayList<>();
        target.forEach((trial, rung) -> {
            if (!recorded.get(rung).containsKey(trial)) {
                out.add(new Job(trial, rung, rungs.get(rung)));
            }
        });
        return out;
    }

    /**
     * The next job, as ASHA chooses it: from the highest rung down, the best trial in its rung's top
     * 1/eta that has not been promoted yet (nor failed); else a new trial while fewer than the maximum have
     * started; else none (wait for the pending jobs, or, with none, the search is over). Ties go to
     * the trial started first. Choosing changes nothing: {@link #started} or {@link #promoted} says
     * it was taken.
     */
    public Optional<Job> next() {
        for (int k = rungs.size() - 2; k >= 0; k--) {
            Map<Integer, Double> here = recorded.get(k);
            int top = here.size() / reductionFactor;
            List<Integer> ranked = ranked(here);
            for (int i = 0; i < top; i++) {
                int trial = ranked.get(i);
                if (target.get(trial) == k && !failed.contains(trial)) {
                    return Optional.of(new Job(trial, k + 1, rungs.get(k + 1)));
                }
            }
        }
        if (target.size() < maxTrials) {
            int trial = target.isEmpty() ? 1 : target.lastKey() + 1;
            return Optional.of(new Job(trial, 0, rungs.get(0)));
        }
        return Optional.empty();
    }

    /** The trials started so far, in the order they started. */
    public List<Integer> startedTrials() {
        return List.copyOf(target.keySet());
    }

    /** Whether nothing is left to do: every trial started, none pending, none to promote. */
    public boolean finished() {
        return pending().isEmpty() && next().isEmpty();
    }

    /** The trials recorded at {@code rung}, best first (ties: the trial started first). */
    public List<Integer> ranked(int rung) {
        return ranked(recorded.get(rung));
    }

    /** The metric trial {@code trial} recorded at {@code rung}, if it reached it. */
    public Optional<Double> metric(int trial, int rung) {
        return Optional.ofNullable(recorded.get(rung).get(trial));
    }

    /** The highest rung {@code trial} has a record at, or -1 before its first. */
    public int rungReached(int trial) {
        for (int k = rungs.size() - 1; k >= 0; k--) {
            if (recorded.get(k).containsKey(trial)) {
                return k;
            }
        }
        return -1;
    }

    private List<Integer> ranked(Map<Integer, Double> metrics) {
        Comparator<Map.Entry<Integer, Double>> byMetric = Map.Entry.comparingByValue();
        if (higherIsBetter) {
            byMetric = byMetric.reversed();
        }
        return metrics.entrySet().stream().sorted(byMetric.thenComparing(Map.Entry.comparingByKey())).map(Map.Entry::getKey)
                .toList();
    }
}

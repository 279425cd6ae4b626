package org.atelier.benchmark;

import java.util.ArrayList;
import java.util.List;

/**
 * A fixed CPU load for measuring training beside other work: threads that each keep a core busy
 * until closed. Daemon threads, so a crash never leaves them running.
 */
final class CpuLoad implements AutoCloseable {
    private volatile boolean running = true;
    private final List<Thread> threads = new ArrayList<>();
    /** Written so the busy loop cannot be optimised away. */
    volatile long sink;

    CpuLoad(int count) {
        for (int i = 0; i < count; i++) {
            Thread t = new Thread(this::spin, "atelier-cpu-load-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
    }

    private void spin() {
        long x = 1;
        while (running) {
            for (int i = 0; i < 100_000; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
            sink = x;
        }
    }

    @Override
    public void close() {
        running = false;
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

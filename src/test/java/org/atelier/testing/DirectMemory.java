package org.atelier.testing;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;

/** The JVM's direct memory in use, for tests that arrays live in PyTorch's memory, not in direct buffers. */
public final class DirectMemory {
    private DirectMemory() {}

    /** Direct memory in use once the collector has freed every unreachable buffer. */
    public static long settledBytes() throws InterruptedException {
        BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct")).findFirst().orElseThrow();
        long previous = -1;
        for (int i = 0; i < 40; i++) {
            System.gc();
            Thread.sleep(50);
            long used = direct.getMemoryUsed();
            if (used == previous) {
                return used;
            }
            previous = used;
        }
        return previous;
    }
}

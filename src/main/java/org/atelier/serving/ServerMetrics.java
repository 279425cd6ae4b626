package org.atelier.serving;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/** Requests, latencies and batch sizes, rendered in Prometheus' text format at /metrics. */
final class ServerMetrics {
    /** Latency buckets in seconds (upper bounds), as Prometheus clients' defaults with finer low ends. */
    static final double[] LATENCY_BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    static final double[] BATCH_BUCKETS = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512};

    /** A cumulative histogram: counts per upper bound, a sum and a count. */
    static final class Histogram {
        final double[] bounds;
        final AtomicLongArray counts;
        final DoubleAdder sum = new DoubleAdder();
        final LongAdder count = new LongAdder();

        Histogram(double[] bounds) {
            this.bounds = bounds;
            this.counts = new AtomicLongArray(bounds.length);
        }

        void observe(double value) {
            for (int i = 0; i < bounds.length; i++) {
                if (value <= bounds[i]) {
                    counts.incrementAndGet(i);
                }
            }
            sum.add(value);
            count.increment();
        }

        void render(StringBuilder out, String name, String labels) {
            String sep = labels.isEmpty() ? "" : labels + ",";
            for (int i = 0; i < bounds.length; i++) {
                out.append(String.format(Locale.ROOT, "%s_bucket{%sle=\"%s\"} %d%n", name, sep, number(bounds[i]), counts.get(i)));
            }
            out.append(String.format(Locale.ROOT, "%s_bucket{%sle=\"+Inf\"} %d%n", name, sep, count.sum()));
            String braces = labels.isEmpty() ? "" : "{" + labels + "}";
            out.append(String.format(Locale.ROOT, "%s_sum%s %s%n%s_count%s %d%n", name, braces, number(sum.sum()), name, braces,
                    count.sum()));
        }
    }

    private final Map<String, LongAdder> requests = new TreeMap<>();
    private final Map<String, Histogram> latency = new TreeMap<>();
    private final Map<String, Histogram> batches = new TreeMap<>();

    /** One answered request: its model ("" for none), endpoint kind, status and time taken. */
    synchronized void request(String model, String endpoint, int status, double seconds) {
        String labels = String.format(Locale.ROOT, "model=\"%s\",endpoint=\"%s\",status=\"%d\"", escape(model), endpoint, status);
        requests.computeIfAbsent(labels, k -> new LongAdder()).increment();
        latency.computeIfAbsent(String.format(Locale.ROOT, "model=\"%s\",endpoint=\"%s\"", escape(model), endpoint),
                k -> new Histogram(LATENCY_BUCKETS)).observe(seconds);
    }

    synchronized void batch(String model, int images) {
        batches.computeIfAbsent("model=\"" + escape(model) + "\"", k -> new Histogram(BATCH_BUCKETS)).observe(images);
    }

    synchronized String render() {
        StringBuilder out = new StringBuilder();
        out.append("# HELP atelier_requests_total Requests answered, by model, endpoint and HTTP status.\n")
                .append("# TYPE atelier_requests_total counter\n");
        requests.forEach((labels, n) -> out.append("atelier_requests_total{").append(labels).append("} ").append(n.sum()).append('\n'));
        out.append("# HELP atelier_request_duration_seconds Time from a request's arrival to its answer.\n")
                .append("# TYPE atelier_request_duration_seconds histogram\n");
        latency.forEach((labels, h) -> h.render(out, "atelier_request_duration_seconds", labels));
        out.append("# HELP atelier_batch_size Images per forward pass of the dynamic batcher.\n")
                .append("# TYPE atelier_batch_size histogram\n");
        batches.forEach((labels, h) -> h.render(out, "atelier_batch_size", labels));
        return out.toString();
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static String escape(String label) {
        return label.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}

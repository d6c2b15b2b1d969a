package io.cqrs.bench.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Everything a chaos run saw, in the order it happened: every read and write of the workload, a
 * sample of the router's view every {@link Sampler#INTERVAL_MS} ms, and the faults. Times are
 * milliseconds since the run started (one monotonic clock for all threads). Thread-safe appends;
 * read it only after the run stopped.
 */
public final class Timeline {

    /** A read: plain (no token) or a writer reading its own write back with the write's token. */
    public record Read(double startMs, double endMs, boolean withToken, int serverId, long value, boolean ok, String error) {
        public double latencyMs() {
            return endMs - startMs;
        }
    }

    /** A write: the id it inserted and the token the router captured, when acknowledged. */
    public record Write(double startMs, double endMs, long id, String token, boolean ok, String error) {
    }

    /**
     * The router's view of the replica and the source at one instant, plus the replica's data lag
     * measured independently (how long the oldest acknowledged write missing on it had been
     * acknowledged; -1 when the replica did not answer within the sample's timeout).
     */
    public record Sample(double atMs, long routerLagMs, String replicaVerdict, String replicaBreaker,
                         String sourceBreaker, long dataLagMs, long replicaMaxId) {
    }

    /** A fault or repair step of the schedule. */
    public record Event(double atMs, String label) {
    }

    private final long t0 = System.nanoTime();
    private final ConcurrentLinkedQueue<Read> reads = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Write> writes = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Event> events = new ConcurrentLinkedQueue<>();

    /** Milliseconds since the run started. */
    public double now() {
        return (System.nanoTime() - t0) / 1e6;
    }

    void read(Read r) {
        reads.add(r);
    }

    void write(Write w) {
        writes.add(w);
    }

    void sample(Sample s) {
        samples.add(s);
    }

    /** Records a fault step now and returns its time. */
    double event(String label) {
        double at = now();
        events.add(new Event(at, label));
        return at;
    }

    public List<Read> reads() {
        return new ArrayList<>(reads);
    }

    public List<Write> writes() {
        return new ArrayList<>(writes);
    }

    public List<Sample> samples() {
        return new ArrayList<>(samples);
    }

    public List<Event> events() {
        return new ArrayList<>(events);
    }
}

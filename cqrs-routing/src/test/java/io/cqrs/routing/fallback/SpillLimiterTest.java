package io.cqrs.routing.fallback;

import io.cqrs.routing.FallbackConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpillLimiterTest {

    @Test
    void manyThreads_neverExceedTheCap() throws Exception {
        int cap = 4;
        SpillLimiter limiter = new SpillLimiter(FallbackConfig.custom().maxConcurrent(cap).mode(FallbackConfig.Mode.FAIL_FAST).build());
        AtomicInteger current = new AtomicInteger();
        AtomicInteger highWater = new AtomicInteger();
        AtomicInteger admitted = new AtomicInteger();
        AtomicInteger rejected = new AtomicInteger();
        int threads = 32;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 2_000; i++) {
                    try {
                        limiter.acquire();
                    } catch (SpillRejectedException e) {
                        rejected.incrementAndGet();
                        continue;
                    }
                    try {
                        int now = current.incrementAndGet();
                        highWater.accumulateAndGet(now, Math::max);
                        admitted.incrementAndGet();
                        Thread.onSpinWait();
                    } finally {
                        current.decrementAndGet();
                        limiter.release();
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(highWater.get()).isLessThanOrEqualTo(cap).isPositive();
        assertThat(admitted.get() + rejected.get()).isEqualTo(threads * 2_000);
        assertThat(limiter.rejectedCount()).isEqualTo(rejected.get());
        assertThat(limiter.inFlight()).isZero();
    }

    @Test
    void failFast_rejectsWithCapInFlightAndConfigKey() throws Exception {
        SpillLimiter limiter = new SpillLimiter(FallbackConfig.custom().maxConcurrent(2).build());
        limiter.acquire();
        limiter.acquire();
        assertThatThrownBy(limiter::acquire)
                .isInstanceOfSatisfying(SpillRejectedException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("08004");
                    assertThat(e.maxConcurrent()).isEqualTo(2);
                    assertThat(e.inFlight()).isEqualTo(2);
                })
                .hasMessage("No replica is eligible and the source already serves 2 of 2 allowed fallback reads "
                        + "(mode FAIL_FAST); raise cqrs.fallback.max-concurrent (now 2) or fix the replicas");
        limiter.release();
        limiter.acquire();
        assertThat(limiter.inFlight()).isEqualTo(2);
    }

    @Test
    void waitMode_getsAPermitReleasedWhileWaiting() throws Exception {
        SpillLimiter limiter = new SpillLimiter(FallbackConfig.custom().maxConcurrent(1).mode(FallbackConfig.Mode.WAIT)
                .maxWait(Duration.ofSeconds(30)).build());
        limiter.acquire();
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> {
            waiting.countDown();
            try {
                limiter.acquire();
            } catch (SpillRejectedException e) {
                throw new AssertionError(e);
            }
        });
        waiting.await();
        limiter.release();
        waiter.get(30, TimeUnit.SECONDS);
        assertThat(limiter.inFlight()).isEqualTo(1);
    }

    @Test
    void waitMode_rejectsAfterMaxWaitNamingIt() throws Exception {
        SpillLimiter limiter = new SpillLimiter(FallbackConfig.custom().maxConcurrent(1).mode(FallbackConfig.Mode.WAIT)
                .maxWait(Duration.ofMillis(20)).build());
        limiter.acquire();
        assertThatThrownBy(limiter::acquire).hasMessageContaining("no permit freed within cqrs.fallback.max-wait-ms=20ms");
    }

    @Test
    void interruptedWait_rejectsAndKeepsTheInterruptFlag() throws Exception {
        SpillLimiter limiter = new SpillLimiter(FallbackConfig.custom().maxConcurrent(1).mode(FallbackConfig.Mode.WAIT)
                .maxWait(Duration.ofSeconds(30)).build());
        limiter.acquire();
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(limiter::acquire).hasMessageContaining("interrupted while waiting");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void releaseWithoutAcquire_isABug() {
        SpillLimiter limiter = new SpillLimiter(FallbackConfig.ofDefaults());
        assertThatThrownBy(limiter::release).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void invalidConfig_namesThePropertyAndEchoesTheValue() {
        assertThatThrownBy(() -> FallbackConfig.custom().maxConcurrent(0).build())
                .hasMessage("cqrs.fallback.max-concurrent = 0 is invalid; use at least 1 (default 16; to send no fallback"
                        + " reads to the source, set cqrs.routing.fallback-to-source=false)");
        assertThatThrownBy(() -> FallbackConfig.custom().maxWait(Duration.ofMillis(-5)).build())
                .hasMessage("cqrs.fallback.max-wait-ms = -5 is invalid; use 0 or more milliseconds (default 250)");
    }
}

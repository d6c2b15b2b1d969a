package io.cqrs.bench.provision;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine's dirty page cache, written back before each timed copy ({@code sync}). A copy returns while the
 * kernel still holds much of what it wrote — the target's data files, doublewrite buffer and redo log, hundreds of MB
 * for the one-large-table case — and writes it back over the next seconds (Linux: up to 30 s later); without this, a
 * copy would pay for the writeback of the copy before it, a different method each repetition.
 */
final class Writeback {

    private Writeback() {
    }

    /** Writes the dirty page cache back; says how much there was and how long it took. */
    static String settle() {
        long dirtyKb = meminfoKb("Dirty:") + meminfoKb("Writeback:");
        long t0 = System.nanoTime();
        try {
            Process p = new ProcessBuilder("sync").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (p.waitFor() != 0) {
                return "sync failed (exit " + p.exitValue() + ")";
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return String.format("%d MB dirty written back first in %.1f s", dirtyKb / 1024, (System.nanoTime() - t0) / 1e9);
    }

    private static long meminfoKb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.cqrs.bench.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's load average (1, 5, 15 min) and core count, for the report. */
final class LoadAverage {

    private LoadAverage() {
    }

    static String read() {
        String cores = Runtime.getRuntime().availableProcessors() + " cores";
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return "load " + f[0] + " " + f[1] + " " + f[2] + " on " + cores;
        } catch (IOException | RuntimeException e) {
            return "load unknown on " + cores;
        }
    }
}

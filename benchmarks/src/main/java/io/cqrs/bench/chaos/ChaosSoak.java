package io.cqrs.bench.chaos;

import io.cqrs.sandbox.Sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The long form of the chaos suite: {@code benchmarks/chaos.sh --duration 10m --flavors mysql,mariadb}.
 * Per flavour, a fresh sandbox (source + one replica), fault cycles until the duration is used up,
 * then the report on stdout and in {@code <out>/chaos-<date>-<flavor>.txt}, the timeline in
 * {@code .png} beside it. Exit status 1 when an invariant was violated in any flavour.
 */
public final class ChaosSoak {

    private ChaosSoak() {
    }

    public static void main(String[] args) throws Exception {
        Duration duration = Duration.ofMinutes(3);
        List<String> flavors = List.of("mysql", "mariadb");
        Path out = Path.of("benchmarks/results");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--duration" -> duration = parseDuration(args[++i]);
                case "--flavors" -> flavors = List.of(args[++i].split(","));
                case "--out" -> out = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: chaos.sh [--duration 10m|90s] [--flavors mysql,mariadb] [--out benchmarks/results]");
                    System.exit(2);
                }
            }
        }
        boolean ok = true;
        List<String> summaries = new ArrayList<>();
        for (String flavor : flavors) {
            String base = "chaos-" + LocalDate.now() + "-" + flavor.trim();
            try (Sandbox sandbox = Sandbox.builder().flavor(flavor.trim()).replicas(1).start()) {
                ChaosReport report = ChaosRun.run(sandbox, duration, out.resolve(base + ".png"));
                String text = report.format();
                System.out.println(text);
                Files.createDirectories(out);
                Files.writeString(out.resolve(base + ".txt"), text);
                ok &= report.invariantsHold();
                summaries.add(flavor + ": invariants " + (report.invariantsHold() ? "hold" : "VIOLATED") + ", latency targets "
                        + (report.latencyTargetMisses().isEmpty() ? "met" : "missed"));
            }
        }
        summaries.forEach(System.out::println);
        System.exit(ok ? 0 : 1);
    }

    static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase();
        long n = Long.parseLong(t.replaceAll("[a-z]+$", ""));
        if (t.endsWith("ms")) {
            return Duration.ofMillis(n);
        } else if (t.endsWith("h")) {
            return Duration.ofHours(n);
        } else if (t.endsWith("m")) {
            return Duration.ofMinutes(n);
        }
        return Duration.ofSeconds(n);
    }
}

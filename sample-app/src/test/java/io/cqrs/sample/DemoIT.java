package io.cqrs.sample;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's demo, in process: exit 0 and a table with writes on the source and reads on the replica. */
class DemoIT {

    @Test
    void demo_onMySql_exitsZero_andReportsWritesOnSourceAndReadsOnReplica() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Demo.run(new String[] {"--flavor", "mysql"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        System.out.println(printed);

        assertThat(exit).as("exit code; stderr:%n%s", err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(printed).contains("Demo OK");
        // endpoint role server_id writes reads fallback ...
        List<String> source = row(printed, "source ");
        List<String> replica = row(printed, "replica-1 ");
        assertThat(Long.parseLong(source.get(3))).as("writes on the source").isGreaterThanOrEqualTo(4);
        assertThat(Long.parseLong(replica.get(3))).as("writes on the replica").isZero();
        assertThat(Long.parseLong(replica.get(4))).as("reads on the replica").isGreaterThanOrEqualTo(6);
        assertThat(Long.parseLong(source.get(5))).as("fallback reads on the source while the replica was paused").isGreaterThanOrEqualTo(2);
    }

    private static List<String> row(String printed, String prefix) {
        String line = printed.lines().filter(l -> l.startsWith(prefix) && l.matches(".*\\d+\\s*$")).findFirst()
                .orElseThrow(() -> new AssertionError("no table row for '" + prefix.strip() + "' in:\n" + printed));
        return Arrays.asList(line.trim().split("\\s{2,}"));
    }
}

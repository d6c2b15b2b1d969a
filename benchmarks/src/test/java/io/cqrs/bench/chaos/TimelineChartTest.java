package io.cqrs.bench.chaos;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The chaos timeline picture keeps its width however long the run, and shows the first cycle in detail when there are several. */
class TimelineChartTest {

    private static FaultSchedule.Cycle cycle(int n, double start) {
        return new FaultSchedule.Cycle(n, start + 2_000, start + 7_000, start + 9_000, start + 13_000, start + 15_000,
                start + 18_000, start + 20_000, start + 26_000, start + 30_000);
    }

    /** A run of {@code cycles} 30-second cycles: a read every 10 ms (on the source while the replica hangs), a sample every 200 ms. */
    private static BufferedImage render(int cycles, Path dir) throws Exception {
        Timeline tl = new Timeline();
        List<FaultSchedule.Cycle> done = new ArrayList<>();
        for (int c = 0; c < cycles; c++) {
            FaultSchedule.Cycle cy = cycle(c + 1, c * 30_000.0);
            done.add(cy);
            tl.event("#" + (c + 1) + " replica SIGSTOP");
        }
        double end = cycles * 30_000.0;
        for (double t = 0; t < end; t += 10) {
            double inCycle = t % 30_000;
            boolean hung = inCycle >= 2_000 && inCycle < 7_000;
            tl.read(new Timeline.Read(t, t + 2, false, hung ? 1 : 2, 1, true, null));
        }
        for (double t = 0; t < end; t += 200) {
            tl.sample(new Timeline.Sample(t, 0, "ELIGIBLE", "CLOSED", "CLOSED", 0, 1));
        }
        AckedWrites acked = new AckedWrites();
        Invariants inv = Invariants.check(tl, acked, Set.of(), Set.of(), done);
        Path png = dir.resolve("chaos-" + cycles + ".png");
        ChaosReport report = new ChaosReport("MySQL", 1, 2, Duration.ofSeconds(cycles * 30L), end, "0.1", "0.1", tl, acked, inv,
                List.of(), png);
        TimelineChart.render(report, done, png);
        return ImageIO.read(png.toFile());
    }

    @Test
    void soakOfSixCycles_isAsWideAsOneCycle_withItsFirstCycleBelow(@TempDir Path dir) throws Exception {
        BufferedImage one = render(1, dir);
        BufferedImage six = render(6, dir);
        assertThat(one.getWidth()).isEqualTo(TimelineChart.WIDTH);
        assertThat(six.getWidth()).isEqualTo(TimelineChart.WIDTH); // was 20 px per second: 3,600 px for 180 s
        assertThat(six.getHeight()).isGreaterThan(one.getHeight() + 500); // the overview above the detailed first cycle
    }
}

package io.cqrs.bench.chaos;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The invariant checker on hand-made timelines: each invariant can fail, and the one excuse is narrow. */
class InvariantsTest {

    // source down from 1000 to 2000 ms
    private static final List<FaultSchedule.Cycle> CYCLE = List.of(new FaultSchedule.Cycle(1, 0, 0, 0, 0, 0, 0, 1000, 2000, 3000));

    private static Timeline.Read plain(double at, boolean ok) {
        return new Timeline.Read(at, at + 5, false, ok ? 2 : -1, 10, ok, ok ? null : "boom");
    }

    @Test
    void cleanRun_holds() {
        Timeline tl = new Timeline();
        AckedWrites acked = new AckedWrites();
        acked.add(1, 10);
        tl.write(new Timeline.Write(5, 10, 1, "v1.a.x", true, null));
        tl.read(new Timeline.Read(11, 12, true, 2, 1, true, null));
        tl.read(plain(20, true));
        tl.write(new Timeline.Write(1100, 1101, -1, null, false, "refused"));
        Invariants inv = Invariants.check(tl, acked, Set.of(1L), Set.of(1L), CYCLE);
        assertThat(inv.allHold()).isTrue();
        assertThat(inv.slowWriteFailures().checked()).isEqualTo(1);
    }

    @Test
    void eachViolation_isCounted() {
        Timeline tl = new Timeline();
        AckedWrites acked = new AckedWrites();
        acked.add(1, 10);
        acked.add(2, 20);
        tl.read(new Timeline.Read(21, 22, true, 2, -2, true, null));                 // token read without its row
        tl.read(plain(1500, false));                                                   // plain read failed, replica up
        tl.write(new Timeline.Write(1200, 1201, 3, "t", true, null));                 // acked with the source down
        tl.write(new Timeline.Write(1300, 2500, -1, null, false, "slow"));            // failed, but slowly
        Invariants inv = Invariants.check(tl, acked, Set.of(1L), Set.of(1L, 2L), CYCLE);
        assertThat(inv.lostWrites().violations()).isEqualTo(1);
        assertThat(inv.lostWrites().examples()).containsExactly("id 2 missing on the source");
        assertThat(inv.rywMisses().violations()).isEqualTo(1);
        assertThat(inv.failedReads().violations()).isEqualTo(1);
        assertThat(inv.slowWriteFailures().violations()).isEqualTo(2);
        assertThat(inv.allHold()).isFalse();
    }

    @Test
    void failedTokenRead_isExcusedOnlyWhenTheSourceWasDownDuringItAndTheReplicaLacksTheRow() {
        Timeline tl = new Timeline();
        tl.sample(new Timeline.Sample(1050, 0, "ELIGIBLE", "CLOSED", "OPEN", 0, 4));
        tl.read(new Timeline.Read(1100, 1110, true, -1, 5, false, "source down, replica lacks id 5"));   // excused
        tl.read(new Timeline.Read(1100, 1110, true, -1, 3, false, "replica had id 3"));                  // not excused
        tl.read(new Timeline.Read(500, 510, true, -1, 5, false, "source up"));                           // not excused
        tl.read(new Timeline.Read(990, 1190, true, -1, 5, false, "started before the kill, source gone after the token wait")); // excused
        tl.read(new Timeline.Read(790, 990, true, -1, 5, false, "ended before the kill"));               // not excused
        Invariants inv = Invariants.check(tl, new AckedWrites(), Set.of(), Set.of(), CYCLE);
        assertThat(inv.failedReads().violations()).isEqualTo(3);
    }

    @Test
    void staleness_isTheAgeOfTheOldestAcknowledgedWriteNotShown() {
        AckedWrites acked = new AckedWrites();
        acked.add(1, 100);
        acked.add(2, 200);
        acked.add(3, 300);
        assertThat(acked.stalenessMs(3, 1000)).isZero();
        assertThat(acked.stalenessMs(1, 1000)).isEqualTo(800);
        assertThat(acked.stalenessMs(1, 250)).isEqualTo(50);   // id 3 was not acknowledged yet at 250 ms
    }
}

package io.cqrs.routing.internal;

import io.cqrs.routing.EndpointState;
import io.cqrs.routing.TopologySnapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The router's immutable view of its endpoints: each endpoint's run-time object and facts, the
 * public snapshot built from them, and the candidates of a read precomputed, so a read decision is
 * one volatile read and an array index. Published whole by the {@link TopologyManager}; never
 * changed in place.
 */
final class Topology {

    /** One endpoint: its run-time object, what is known about it, and its published state. */
    record Member(EndpointRuntime runtime, EndpointFacts facts, EndpointState state) {

        static Member of(EndpointRuntime rt, EndpointFacts facts) {
            return new Member(rt, facts, new EndpointState(rt.config(), rt.role(), facts.status(),
                    ExclusionFilter.verdict(facts), rt));
        }
    }

    private final long version;
    private final Member source;
    private final List<Member> replicas;
    private final TopologySnapshot snapshot;
    private final Candidates candidates;
    private final EndpointRuntime[] routable;
    private final List<EndpointState> routableStates;
    private final String note;

    private Topology(long version, Member source, List<Member> replicas) {
        this(version, source, replicas, "");
    }

    private Topology(long version, Member source, List<Member> replicas, String note) {
        this.version = version;
        this.note = note;
        this.source = source;
        this.replicas = List.copyOf(replicas);
        List<EndpointState> states = new ArrayList<>(replicas.size());
        List<EndpointRuntime> cand = new ArrayList<>();
        List<EndpointState> candStates = new ArrayList<>();
        List<EndpointRuntime> lagOut = new ArrayList<>();
        List<EndpointRuntime> route = new ArrayList<>();
        List<EndpointState> routeStates = new ArrayList<>();
        for (Member m : replicas) {
            states.add(m.state());
            if (ExclusionFilter.candidate(m.facts())) {
                cand.add(m.runtime());
                candStates.add(m.state());
            } else if (ExclusionFilter.lagExcluded(m.facts())) {
                lagOut.add(m.runtime());
            }
            if (m.facts().routable()) {
                route.add(m.runtime());
                routeStates.add(m.state());
            }
        }
        this.snapshot = new TopologySnapshot(version, source.state(), states, note);
        this.candidates = new Candidates(cand.toArray(Candidates.NONE), List.copyOf(candStates), lagOut.toArray(Candidates.NONE));
        this.routable = route.toArray(Candidates.NONE);
        this.routableStates = List.copyOf(routeStates);
    }

    /** The first topology: every endpoint active, unmeasured, breaker closed. */
    static Topology initial(EndpointRuntime source, List<EndpointRuntime> replicas) {
        List<Member> members = new ArrayList<>(replicas.size());
        for (EndpointRuntime r : replicas) {
            members.add(Member.of(r, EndpointFacts.INITIAL));
        }
        return new Topology(0, Member.of(source, EndpointFacts.INITIAL), members);
    }

    long version() {
        return version;
    }

    TopologySnapshot snapshot() {
        return snapshot;
    }

    EndpointRuntime source() {
        return source.runtime();
    }

    List<Member> replicas() {
        return replicas;
    }

    /** Replicas a read without a budget may try, and those kept out by lag alone. */
    Candidates candidates() {
        return candidates;
    }

    /** Active, unvetoed replicas whatever their lag (the base of bounded-staleness reads). */
    EndpointRuntime[] routable() {
        return routable;
    }

    List<EndpointState> routableStates() {
        return routableStates;
    }

    /** The endpoint named {@code name}, source or replica, or null. */
    Member member(String name) {
        if (source.runtime().name().equals(name)) {
            return source;
        }
        for (Member m : replicas) {
            if (m.runtime().name().equals(name)) {
                return m;
            }
        }
        return null;
    }

    EndpointRuntime runtime(String name) {
        Member m = member(name);
        return m == null ? null : m.runtime();
    }

    /** This topology with the facts of {@code name} changed, or this very object when nothing changed. */
    Topology withFacts(String name, UnaryOperator<EndpointFacts> change) {
        if (source.runtime().name().equals(name)) {
            EndpointFacts f = change.apply(source.facts());
            return f.equals(source.facts()) ? this : new Topology(version + 1, Member.of(source.runtime(), f), replicas, note);
        }
        List<Member> next = new ArrayList<>(replicas);
        for (int i = 0; i < next.size(); i++) {
            Member m = next.get(i);
            if (m.runtime().name().equals(name)) {
                EndpointFacts f = change.apply(m.facts());
                if (f.equals(m.facts())) {
                    return this;
                }
                next.set(i, Member.of(m.runtime(), f));
                return new Topology(version + 1, source, next, note);
            }
        }
        return this;
    }

    /** This topology with one more replica. */
    Topology withReplica(EndpointRuntime rt, EndpointFacts facts) {
        List<Member> next = new ArrayList<>(replicas);
        next.add(Member.of(rt, facts));
        return new Topology(version + 1, source, next, note);
    }

    /** What discovery said last (see {@link TopologySnapshot#discovery()}). */
    String note() {
        return note;
    }

    /** This topology with discovery's latest word, or this very object when it did not change. */
    Topology withNote(String next) {
        return next.equals(note) ? this : new Topology(version + 1, source, replicas, next);
    }

    /** This topology with another source and replica list (discovery followed a change of source). */
    Topology withSource(EndpointRuntime newSource, EndpointFacts facts, List<Member> newReplicas) {
        return new Topology(version + 1, Member.of(newSource, facts), newReplicas, note);
    }

    /** This topology without replica {@code name}. */
    Topology withoutReplica(String name) {
        List<Member> next = new ArrayList<>(replicas);
        next.removeIf(m -> m.runtime().name().equals(name));
        return new Topology(version + 1, source, next, note);
    }
}

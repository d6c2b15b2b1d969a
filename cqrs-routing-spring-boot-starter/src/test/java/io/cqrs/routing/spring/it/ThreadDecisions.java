package io.cqrs.routing.spring.it;

import io.cqrs.routing.RoutingDecision;
import io.cqrs.routing.RoutingListener;

import java.util.ArrayList;
import java.util.List;

/** A RoutingListener bean that keeps the calling thread's routing decisions (listeners run on the caller's thread). */
public final class ThreadDecisions implements RoutingListener {

    private final ThreadLocal<List<RoutingDecision>> decisions = ThreadLocal.withInitial(ArrayList::new);

    @Override
    public void onRoute(RoutingDecision decision) {
        decisions.get().add(decision);
    }

    /** This thread's decisions since the last call, in order. */
    public List<RoutingDecision> take() {
        List<RoutingDecision> out = List.copyOf(decisions.get());
        decisions.get().clear();
        return out;
    }
}

package io.cqrs.routing.spring.web;

import io.cqrs.common.ServerFlavor;
import io.cqrs.routing.ConsistencyToken;
import io.cqrs.routing.RoutingScope;
import jakarta.servlet.ServletException;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The filter's protocol without servers: scopes, the response header, the thread's token cleared. */
class ConsistencyTokenFilterTest {

    private static final ConsistencyToken IN = ConsistencyToken.of(ServerFlavor.MARIADB, "0-1-10");
    private static final ConsistencyToken WRITTEN = ConsistencyToken.of(ServerFlavor.MARIADB, "0-1-11");

    private final AtomicInteger cleared = new AtomicInteger();
    private final ConsistencyTokenFilter filter = new ConsistencyTokenFilter(cleared::incrementAndGet);

    @Test
    void incomingToken_opensReadYourWritesScope_andWritesComeBackMerged() throws Exception {
        MockHttpServletRequest req = new MockHttpServletRequest("POST", "/x");
        req.addHeader(ConsistencyTokenFilter.HEADER, IN.serialize());
        MockHttpServletResponse res = new MockHttpServletResponse();
        AtomicReference<ConsistencyToken> seen = new AtomicReference<>();
        filter.doFilter(req, res, new MockFilterChain(new jakarta.servlet.http.HttpServlet() {
            @Override
            protected void service(jakarta.servlet.http.HttpServletRequest q, jakarta.servlet.http.HttpServletResponse r)
                    throws java.io.IOException {
                seen.set(RoutingScope.currentSession().token());
                RoutingScope.currentSession().merge(WRITTEN); // what the router does after a commit on the source
                r.getWriter().write("ok");                    // the header goes out before the body
            }
        }));
        assertThat(seen.get()).isEqualTo(IN);
        assertThat(ConsistencyToken.parse(res.getHeader(ConsistencyTokenFilter.HEADER))).isEqualTo(WRITTEN);
        assertThat(RoutingScope.current()).as("scope closed").isNull();
        assertThat(cleared).hasValue(1);
    }

    @Test
    void readOnlyRequest_answersWithoutToken() throws Exception {
        MockHttpServletRequest req = new MockHttpServletRequest("GET", "/x");
        req.addHeader(ConsistencyTokenFilter.HEADER, IN.serialize());
        MockHttpServletResponse res = new MockHttpServletResponse();
        filter.doFilter(req, res, new MockFilterChain());
        assertThat(res.getHeader(ConsistencyTokenFilter.HEADER)).isNull();
    }

    @Test
    void noToken_freshSessionPerRequest() throws Exception {
        AtomicReference<Object> first = new AtomicReference<>();
        AtomicReference<Object> second = new AtomicReference<>();
        filter.doFilter(new MockHttpServletRequest(), new MockHttpServletResponse(),
                (q, r) -> first.set(RoutingScope.currentSession()));
        filter.doFilter(new MockHttpServletRequest(), new MockHttpServletResponse(),
                (q, r) -> second.set(RoutingScope.currentSession()));
        assertThat(first.get()).isNotNull().isNotSameAs(second.get());
    }

    @Test
    void malformedToken_400BeforeTheHandler() throws Exception {
        MockHttpServletRequest req = new MockHttpServletRequest("GET", "/x");
        req.addHeader(ConsistencyTokenFilter.HEADER, "v1.q.zzz");
        MockHttpServletResponse res = new MockHttpServletResponse();
        AtomicInteger handled = new AtomicInteger();
        filter.doFilter(req, res, (q, r) -> handled.incrementAndGet());
        assertThat(res.getStatus()).isEqualTo(400);
        assertThat(res.getErrorMessage()).startsWith("X-Consistency-Token: Not a consistency token: 'v1.q.zzz'");
        assertThat(handled).hasValue(0);
    }

    @Test
    void handlerThrows_scopeClosedAndThreadTokenCleared() {
        assertThatThrownBy(() -> filter.doFilter(new MockHttpServletRequest(), new MockHttpServletResponse(), (q, r) -> {
            throw new ServletException("boom");
        })).hasMessage("boom");
        assertThat(RoutingScope.current()).isNull();
        assertThat(cleared).hasValue(1);
    }
}

package io.cqrs.routing.spring.web;

import io.cqrs.routing.ConsistencyToken;
import io.cqrs.routing.RoutingScope;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import jakarta.servlet.ServletOutputStream;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Objects;

/**
 * Read-your-writes across services over HTTP. Each request runs in its own routing session:
 * <ul>
 *   <li>a request carrying {@value #HEADER} reads at least those writes (a replica that has applied them,
 *       after a short wait if needed, else the source), in a {@link RoutingScope#readYourWrites} scope;</li>
 *   <li>without it, in a fresh {@link RoutingScope#session()}, so one request's token never follows the
 *       pooled thread into the next request;</li>
 *   <li>when the request wrote, the response carries the token of its writes (merged with the one it
 *       received) in {@value #HEADER}; it is set when the response starts (first byte, flush, redirect,
 *       error) or at the end, so writes made after the body started are not in it;</li>
 *   <li>at the end the thread's own token is cleared ({@code clearToken} of every routing DataSource).</li>
 * </ul>
 * A malformed header is answered with 400 and the parser's message before anything runs.
 *
 * <p>Covers work done on the request thread. Async servlet requests ({@code Callable}, {@code DeferredResult})
 * and WebFlux handlers run on other threads, which routing scopes (thread-bound) do not follow: there,
 * parse the header yourself and open {@code RoutingScope.readYourWrites(token)} on the thread that runs
 * the JDBC work.
 */
public class ConsistencyTokenFilter implements Filter {

    /** The header both ways. */
    public static final String HEADER = "X-Consistency-Token";

    private final Runnable clearThreadTokens;

    /** @param clearThreadTokens forgets the thread's tokens (e.g. {@code ds::clearToken} for every routing DataSource) */
    public ConsistencyTokenFilter(Runnable clearThreadTokens) {
        this.clearThreadTokens = Objects.requireNonNull(clearThreadTokens, "clearThreadTokens");
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest req) || !(response instanceof HttpServletResponse res)) {
            chain.doFilter(request, response);
            return;
        }
        ConsistencyToken incoming = null;
        String raw = req.getHeader(HEADER);
        if (raw != null && !raw.isBlank()) {
            try {
                incoming = ConsistencyToken.parse(raw);
            } catch (IllegalArgumentException e) {
                res.sendError(HttpServletResponse.SC_BAD_REQUEST, HEADER + ": " + e.getMessage());
                return;
            }
        }
        try (RoutingScope scope = incoming == null ? RoutingScope.session() : RoutingScope.readYourWrites(incoming)) {
            TokenResponse wrapped = new TokenResponse(res, scope, incoming);
            chain.doFilter(req, wrapped);
            wrapped.writeToken();
        } finally {
            clearThreadTokens.run();
        }
    }

    /** Adds the session's token before the response is committed. */
    private static final class TokenResponse extends HttpServletResponseWrapper {
        private final RoutingScope scope;
        private final ConsistencyToken incoming;
        private boolean written;

        TokenResponse(HttpServletResponse response, RoutingScope scope, ConsistencyToken incoming) {
            super(response);
            this.scope = scope;
            this.incoming = incoming;
        }

        void writeToken() {
            if (written) {
                return;
            }
            written = true;
            ConsistencyToken t = scope.consistencySession().token();
            HttpServletResponse res = (HttpServletResponse) getResponse();
            if (t != null && !t.isEmpty() && !t.equals(incoming) && !res.isCommitted()) {
                res.setHeader(HEADER, t.serialize());
            }
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            writeToken();
            return super.getOutputStream();
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            writeToken();
            return super.getWriter();
        }

        @Override
        public void flushBuffer() throws IOException {
            writeToken();
            super.flushBuffer();
        }

        @Override
        public void sendError(int sc, String msg) throws IOException {
            writeToken();
            super.sendError(sc, msg);
        }

        @Override
        public void sendError(int sc) throws IOException {
            writeToken();
            super.sendError(sc);
        }

        @Override
        public void sendRedirect(String location) throws IOException {
            writeToken();
            super.sendRedirect(location);
        }
    }
}

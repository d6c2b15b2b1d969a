package io.cqrs.sandbox.junit;

import io.cqrs.sandbox.Sandbox;
import io.cqrs.common.ServerFlavor;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** The JUnit 5 side of {@link SandboxTest}. */
public final class SandboxExtension implements TestTemplateInvocationContextProvider {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(SandboxExtension.class);

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod().map(m -> AnnotationSupport.isAnnotated(m, SandboxTest.class)).orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        SandboxTest spec = AnnotationSupport.findAnnotation(context.getRequiredTestMethod(), SandboxTest.class).orElseThrow();
        List<ServerFlavor> selected = selectedFlavors();
        return Arrays.stream(spec.flavors()).filter(selected::contains).map(f -> invocation(f, spec));
    }

    /** Flavours chosen by {@code cqrs.sandbox.flavors} / {@code CQRS_SANDBOX_FLAVORS}; both by default. */
    public static List<ServerFlavor> selectedFlavors() {
        String v = System.getProperty("cqrs.sandbox.flavors");
        if (v == null || v.isBlank()) {
            v = System.getenv("CQRS_SANDBOX_FLAVORS");
        }
        if (v == null || v.isBlank()) {
            return List.of(ServerFlavor.values());
        }
        return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(s -> {
            try {
                return ServerFlavor.valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("cqrs.sandbox.flavors contains '" + s + "'; use mysql, mariadb or both, comma-separated");
            }
        }).toList();
    }

    /** The shared sandbox of a flavour and replica count, started on first use and discarded at the end of the run. */
    public static Sandbox shared(ExtensionContext context, ServerFlavor flavor, int replicas) {
        ExtensionContext.Store store = context.getRoot().getStore(NS);
        return store.getOrComputeIfAbsent("shared:" + flavor + ":" + replicas,
                k -> new Holder(startTestSandbox(flavor, replicas)), Holder.class).sandbox;
    }

    /** A sandbox as every test gets one, shared or isolated ({@link Spares}): test-sized redo logs ({@link Sandbox#TEST_REDO_LOG_FILE_MIB}). */
    static Sandbox startTestSandbox(ServerFlavor flavor, int replicas) {
        return Sandbox.builder().flavor(flavor).replicas(replicas).redoLogFileMib(Sandbox.TEST_REDO_LOG_FILE_MIB).start();
    }

    private static TestTemplateInvocationContext invocation(ServerFlavor flavor, SandboxTest spec) {
        return new TestTemplateInvocationContext() {
            @Override
            public String getDisplayName(int invocationIndex) {
                return "[" + flavor.displayName() + (spec.replicas() != 1 ? ", " + spec.replicas() + " replicas" : "") + "]";
            }

            @Override
            public List<Extension> getAdditionalExtensions() {
                return List.of(new Resolver(flavor, spec));
            }
        };
    }

    private record Resolver(ServerFlavor flavor, SandboxTest spec) implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext pc, ExtensionContext ec) {
            Class<?> t = pc.getParameter().getType();
            return t == Sandbox.class || t == ServerFlavor.class;
        }

        @Override
        public Object resolveParameter(ParameterContext pc, ExtensionContext ec) {
            if (pc.getParameter().getType() == ServerFlavor.class) {
                return flavor;
            }
            try {
                if (spec.isolated()) {
                    // stored in the test's own store: discarded right after this test, pass or fail; the next one is
                    // already starting (Spares)
                    Spares spares = ec.getRoot().getStore(NS).getOrComputeIfAbsent("spares", k -> new SparesHolder(new Spares()),
                            SparesHolder.class).spares;
                    return ec.getStore(NS).getOrComputeIfAbsent("isolated",
                            k -> new Isolated(spares, spares.take(flavor, spec.replicas())), Isolated.class).sandbox;
                }
                return shared(ec, flavor, spec.replicas());
            } catch (RuntimeException e) {
                throw new ParameterResolutionException("could not start a " + flavor.displayName() + " sandbox: " + e.getMessage(), e);
            }
        }
    }

    private record Isolated(Spares spares, Sandbox sandbox) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            spares.discard(sandbox);
        }
    }

    private record SparesHolder(Spares spares) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            spares.close();
        }
    }

    /**
     * A shared sandbox ends with the run like an isolated one: SIGKILL and its directory deleted
     * ({@link Sandbox#discard}). A graceful stop would wait for nothing anyone reads — MySQL 8.0.15 took
     * about 10 s to shut down a source, at the end of every module's test run.
     */
    private record Holder(Sandbox sandbox) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            sandbox.discard();
        }
    }
}

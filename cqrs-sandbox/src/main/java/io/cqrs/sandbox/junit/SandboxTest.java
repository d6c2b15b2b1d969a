package io.cqrs.sandbox.junit;

import io.cqrs.common.ServerFlavor;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a test once per server flavour against a real, replicating {@link io.cqrs.sandbox.Sandbox},
 * which the test receives as a parameter:
 *
 * <pre>{@code
 * @SandboxTest
 * void rowReachesReplica(Sandbox sandbox) { ... }
 * }</pre>
 *
 * Shared sandboxes (the default) are started once per flavour and replica count for the whole
 * test run and discarded (SIGKILL, directory deleted) when it ends; tests that break servers ask for an {@link #isolated()}
 * one, which is discarded (SIGKILL, directory deleted) right after the test, also when it fails.
 * The next isolated sandbox of the same kind is already starting while a test runs.
 *
 * <p>The flavours run can be narrowed for a local run with the system property or environment
 * variable {@code cqrs.sandbox.flavors} / {@code CQRS_SANDBOX_FLAVORS} (e.g. {@code mariadb});
 * the default runs both. Missing server binaries fail the test with the fix in the message;
 * they never skip it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@TestTemplate
@ExtendWith(SandboxExtension.class)
public @interface SandboxTest {

    /** Number of replicas. */
    int replicas() default 1;

    /** A private sandbox for this test only (for tests that kill, pause or reconfigure servers). */
    boolean isolated() default false;

    /** The flavours to run against. */
    ServerFlavor[] flavors() default {ServerFlavor.MYSQL, ServerFlavor.MARIADB};
}

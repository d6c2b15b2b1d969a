/**
 * JUnit 5 support: {@link io.cqrs.sandbox.junit.SandboxTest} runs a test once per server flavour
 * against a shared or an isolated sandbox.
 */
package io.cqrs.sandbox.junit;

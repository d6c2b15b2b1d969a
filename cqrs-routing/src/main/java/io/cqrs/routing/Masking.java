package io.cqrs.routing;

import io.cqrs.routing.internal.Secrets;

import java.util.Map;
import java.util.TreeMap;

/** Keeps secrets out of strings meant for people. */
final class Masking {

    private Masking() {
    }

    static String maskUrl(String url) {
        return Secrets.maskUrl(url);
    }

    static Map<String, String> maskProperties(Map<String, String> props) {
        Map<String, String> out = new TreeMap<>();
        props.forEach((k, v) -> out.put(k, Secrets.isSecretKey(k) ? "****" : v));
        return out;
    }
}

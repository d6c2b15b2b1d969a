package io.cqrs.routing.internal;

import java.util.Locale;
import java.util.regex.Pattern;

/** Keeps secrets out of messages. */
public final class Secrets {

    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)((?:password|pwd)[0-9]*=)[^&;]*");
    private static final Pattern URL_USERINFO = Pattern.compile("(//[^/@:]+:)[^@/]*@");

    private Secrets() {
    }

    public static boolean isSecretKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("secret") || k.contains("credential") || k.contains("token");
    }

    /** Masks {@code password=...} parameters and {@code user:pass@} user info in a JDBC URL. */
    public static String maskUrl(String url) {
        if (url == null) {
            return null;
        }
        String s = URL_PASSWORD.matcher(url).replaceAll("$1****");
        return URL_USERINFO.matcher(s).replaceAll("$1****@");
    }
}

package io.cqrs.admin;

import io.cqrs.common.dialect.Dialect;


/**
 * An admin operation failed or was refused. The message says what was wrong, echoes the
 * values involved (never a password) and says how to fix it.
 *
 * <p>A fix that is a switch is written once as a {@link Remedy} and named the caller's way:
 * {@link #getMessage()} names the Java call ({@code RecoveryOptions.allowDataLoss(true)}),
 * {@link #cliMessage()} the command-line switch ({@code --discard-replica-changes}).
 */
public class AdminException extends RuntimeException {

    /** One way out of a refusal: the CLI switch and the equivalent Java call. */
    public record Remedy(String cli, String api) {
    }

    /** The message with the fixes named by their CLI switches; null when it is {@link #getMessage()}. */
    private final String cliMessage;

    /** An admin failure; passwords in the message are masked. */
    public AdminException(String message) {
        super(Dialect.mask(message));
        this.cliMessage = null;
    }

    /** An admin failure with its cause; passwords in the message are masked. */
    public AdminException(String message, Throwable cause) {
        super(Dialect.mask(message), cause);
        this.cliMessage = null;
    }

    /**
     * A message whose first {@code {}} placeholders (one per remedy, in order; any further
     * {@code {}} is left as it is) are filled with the remedies: their Java calls in
     * {@link #getMessage()}, their CLI switches in {@link #cliMessage()}.
     */
    protected AdminException(String template, Remedy... remedies) {
        super(Dialect.mask(fill(template, remedies, false)));
        this.cliMessage = Dialect.mask(fill(template, remedies, true));
    }

    /** A refusal with remedies (see {@link #AdminException(String, Remedy...)}). */
    public static AdminException withRemedies(String template, Remedy... remedies) {
        return new AdminException(template, remedies);
    }

    /** The message as the {@code cqrs-admin} CLI shows it: fixes named by their switches. */
    public String cliMessage() {
        return cliMessage != null ? cliMessage : getMessage();
    }

    private static String fill(String template, Remedy[] remedies, boolean cli) {
        StringBuilder sb = new StringBuilder(template.length() + 64);
        int from = 0;
        int i = 0;
        for (int at = template.indexOf("{}"); at >= 0 && i < remedies.length; at = template.indexOf("{}", from)) {
            sb.append(template, from, at).append(cli ? remedies[i].cli() : remedies[i].api());
            i++;
            from = at + 2;
        }
        return sb.append(template.substring(from)).toString();
    }
}

package io.github.idgov.core;

import java.util.List;

/**
 * One lifecycle rule a principal breaks right now.
 *
 * @param principal username the finding is about
 * @param params    fill the message placeholders after the principal ({1}, {2}, ...)
 */
public record LifecycleFinding(String principal, Kind kind, List<String> params) {

    public enum Kind {
        EXPIRED("lifecycle-expiry", "idgov-lifecycle-expired"),
        OWNER_GONE("lifecycle-orphan", "idgov-lifecycle-owner-gone"),
        SPONSOR_GONE("lifecycle-orphan", "idgov-lifecycle-sponsor-gone"),
        REVIEW_OVERDUE("lifecycle-review-overdue", "idgov-lifecycle-review-overdue"),
        REVIEW_REQUIRED("lifecycle-review-required", "idgov-lifecycle-review-required"),
        /**
         * A machine without the attributes its class requires (created with its client, imported, or registered
         * dynamically, all without the checks of saving a user): never from {@link LifecyclePolicy#evaluate}, only from
         * {@link RequiredAttributes#finding}, which the token gate, the review's {@code incomplete} status and the sweep's
         * flag share.
         */
        INCOMPLETE("governance-attributes", "idgov-lifecycle-incomplete"),
        /** Found by the sweep only: a token is what ends it, so the token gate never refuses on it. */
        STALE("lifecycle-stale", "idgov-lifecycle-stale");

        private final String policy;
        private final String messageKey;

        Kind(String policy, String messageKey) {
            this.policy = policy;
            this.messageKey = messageKey;
        }

        /** The {@code decision.policy} of audit records. */
        public String policy() {
            return policy;
        }

        /** Localized message key (theme messages); {0} is the principal. */
        public String messageKey() {
            return messageKey;
        }
    }

    public LifecycleFinding {
        params = List.copyOf(params);
    }

    public String policy() {
        return kind.policy();
    }

    /** English text for error descriptions, logs and audit reasons; never a secret. */
    public String describe() {
        List<String> all = new java.util.ArrayList<>(params.size() + 1);
        all.add(principal);
        all.addAll(params);
        return MessageTexts.render(kind.messageKey(), all);
    }
}

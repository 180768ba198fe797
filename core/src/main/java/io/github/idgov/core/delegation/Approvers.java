package io.github.idgov.core.delegation;

/**
 * Who may decide an approval: the person the agent acts for, and, where the realm's policy says
 * {@value ApprovalContract#APPROVERS_USER_OR_SPONSOR}, the agent's sponsor. Anyone else never.
 */
public final class Approvers {

    private Approvers() {
    }

    /**
     * @param policy           the realm's policy value (null or unknown: the user only, the narrowest)
     * @param userId           id of the person the agent acts for
     * @param sponsorUsername  the agent's identity_sponsor (may be null)
     * @param approverId       id of the person deciding
     * @param approverUsername username of the person deciding
     */
    public static boolean mayDecide(String policy, String userId, String sponsorUsername, String approverId, String approverUsername) {
        if (approverId == null) {
            return false;
        }
        if (approverId.equals(userId)) {
            return true;
        }
        return ApprovalContract.APPROVERS_USER_OR_SPONSOR.equals(policy) && sponsorUsername != null
                && sponsorUsername.equalsIgnoreCase(approverUsername);
    }

    /**
     * The sponsor who may decide an approval: the one its request named, while the agent still has that sponsor. A
     * sponsorship that ended since the request decides nothing, nor does a new sponsor the request did not name.
     *
     * @param recorded the agent's identity_sponsor when the approval was requested (may be null)
     * @param current  the agent's identity_sponsor now (may be null)
     * @return {@code recorded} if the agent's sponsor is still that person, else null
     */
    public static String sponsorStill(String recorded, String current) {
        return recorded != null && recorded.equalsIgnoreCase(current) ? recorded : null;
    }

    /** Whether the realm's policy lets the sponsor decide (for listing what a person may decide). */
    public static boolean sponsorsDecide(String policy) {
        return ApprovalContract.APPROVERS_USER_OR_SPONSOR.equals(policy);
    }
}

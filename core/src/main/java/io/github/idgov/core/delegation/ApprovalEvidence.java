package io.github.idgov.core.delegation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The {@code act} claim of a token issued on a human approval: the agent, with who approved it, at which acr, when. */
public final class ApprovalEvidence {

    private ApprovalEvidence() {
    }

    /**
     * @param approvalId    the approval record's id (the audit trail names it)
     * @param approver      username of the person who approved
     * @param approverSub   their user id
     * @param acr           the acr of their login when they approved
     * @param approvedAt    when (epoch seconds)
     */
    public static Map<String, Object> act(String agentSubject, String agentClientId, String identityClass, String approvalId,
                                          String approver, String approverSub, String acr, long approvedAt) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put(ApprovalContract.EVIDENCE_ID, approvalId);
        evidence.put(ApprovalContract.EVIDENCE_APPROVER, approver);
        evidence.put(ApprovalContract.EVIDENCE_APPROVER_SUB, approverSub);
        evidence.put(ApprovalContract.EVIDENCE_ACR, acr);
        evidence.put(ApprovalContract.EVIDENCE_APPROVED_AT, approvedAt);
        Map<String, Object> act = DelegationChain.act(agentSubject, agentClientId, identityClass, null);
        act.put(ApprovalContract.EVIDENCE_CLAIM, evidence);
        return act;
    }

    /**
     * Whether an authentication at {@code acr}, {@code authTime} satisfies {@code level} within {@code maxAge} at {@code now};
     * a named {@code acr} counts through {@code acrLoaMap} (the realm's or the client's {@code acr.loa.map}).
     */
    public static boolean freshStepUp(String acr, Long authTime, int level, int maxAgeSeconds, long now, Map<String, Integer> acrLoaMap) {
        if (authTime == null) {
            return false;
        }
        Optional<Integer> reached = AcrLevel.of(acr, acrLoaMap);
        return reached.isPresent() && reached.get() >= level && now - authTime <= maxAgeSeconds && authTime <= now + 5;
    }
}

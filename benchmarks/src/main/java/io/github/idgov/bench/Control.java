package io.github.idgov.bench;

import io.github.idgov.core.GovernanceContract;
import io.github.idgov.core.StepUpContract;
import io.github.idgov.core.credentials.CredentialContract;
import io.github.idgov.core.delegation.ApprovalContract;
import io.github.idgov.core.delegation.DelegationContract;
import io.github.idgov.core.limits.CommandLimitContract;
import io.github.idgov.core.segmentation.SegmentationContract;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A token-time control of the pack, by the client-policy executor that enforces it: a run limited to some controls
 * puts only their executors in the governed realm's pack profile, so its ratio is what those checks cost.
 */
enum Control {
    LIFECYCLE("lifecycle", GovernanceContract.LIFECYCLE_GATE_ID),
    CREDENTIALS("credentials", CredentialContract.EXECUTOR_ID),
    SEGMENTATION("segmentation", SegmentationContract.ENVIRONMENT_GATE_ID),
    LIMITS("limits", CommandLimitContract.GATE_ID),
    STEP_UP("step-up", StepUpContract.STEP_UP_GATE_ID),
    MACHINE_LOGIN("machine-login", StepUpContract.MACHINE_LOGIN_GATE_ID),
    AGENT_GUARD("agent-guard", DelegationContract.AGENT_GRANT_GUARD_ID),
    APPROVAL("approval", ApprovalContract.APPROVAL_GATE_ID);

    final String id;
    final String executor;

    Control(String id, String executor) {
        this.id = id;
        this.executor = executor;
    }

    static Control byId(String id) {
        return Arrays.stream(values()).filter(control -> control.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("bench.controls: unknown control '" + id + "' (known: all, none, "
                        + Arrays.stream(values()).map(control -> control.id).collect(Collectors.joining(", ")) + ")"));
    }

    /**
     * {@code all} (empty: the pack's profile as installed), {@code none} (no executor in the pack's profile: what
     * enforce mode costs without any token-time control, its mappers and listeners), or comma-separated control ids.
     */
    static Optional<List<Control>> parse(String spec) {
        if (spec.equalsIgnoreCase("all")) {
            return Optional.empty();
        }
        if (spec.equalsIgnoreCase("none")) {
            return Optional.of(List.of());
        }
        List<Control> controls = Arrays.stream(spec.split(",")).map(String::trim).filter(id -> !id.isEmpty())
                .map(id -> byId(id.toLowerCase(Locale.ROOT))).distinct().toList();
        if (controls.isEmpty()) {
            throw new IllegalArgumentException("bench.controls: name at least one control, or all, or none");
        }
        return Optional.of(controls);
    }
}

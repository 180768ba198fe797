package io.github.idgov.core.delegation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ApprovalStepUpTest {

    private static final ApprovalStepUp EVIDENCE = new ApprovalStepUp("2", 1000, "u1", Set.of("openid", "payments:approve"));

    @Test
    void roundTripsThroughItsNote() {
        assertThat(ApprovalStepUp.parse(EVIDENCE.toJson())).contains(EVIDENCE);
    }

    @Test
    void absentOrMalformedNoteIsNoEvidence() {
        assertThat(ApprovalStepUp.parse(null)).isEmpty();
        assertThat(ApprovalStepUp.parse(" ")).isEmpty();
        assertThat(ApprovalStepUp.parse("not json")).isEmpty();
        assertThat(ApprovalStepUp.parse("{\"acr\":2,\"auth_time\":1,\"approver_sub\":\"u\",\"scope\":\"a\"}")).as("acr not a string").isEmpty();
        assertThat(ApprovalStepUp.parse("{\"acr\":\"2\",\"approver_sub\":\"u\",\"scope\":\"a\"}")).as("no auth_time").isEmpty();
    }

    @Test
    void satisfiesOnlyTheSubjectsOwnApprovedScopesAtTheLevelWithinTheWindow() {
        Set<String> sensitive = Set.of("payments:approve");
        assertThat(EVIDENCE.shortfall("u1", sensitive, 2, 300, 1300)).isEmpty();
        assertThat(EVIDENCE.shortfall("u1", Set.of(), 2, 300, 1000)).isEmpty();
        assertThat(EVIDENCE.shortfall("u2", sensitive, 2, 300, 1000)).as("another subject (a sponsor approved)").isPresent();
        assertThat(EVIDENCE.shortfall(null, sensitive, 2, 300, 1000)).isPresent();
        assertThat(EVIDENCE.shortfall("u1", Set.of("payments:release"), 2, 300, 1000)).as("a scope not approved").isPresent();
        assertThat(EVIDENCE.shortfall("u1", sensitive, 3, 300, 1000)).as("level too low").isPresent();
        assertThat(EVIDENCE.shortfall("u1", sensitive, 2, 300, 1301)).as("older than the window").get().asString().contains("301 s ago");
        assertThat(EVIDENCE.shortfall("u1", sensitive, 2, 6, 1007)).isPresent();
        assertThat(EVIDENCE.shortfall("u1", sensitive, 2, 300, 900)).as("auth time ahead of now").isPresent();
        assertThat(new ApprovalStepUp("1", 1000, "u1", sensitive).shortfall("u1", sensitive, 2, 300, 1000)).as("password only").isPresent();
        assertThat(new ApprovalStepUp("gold", 1000, "u1", sensitive).shortfall("u1", sensitive, 1, 300, 1000)).as("no numeric level").isPresent();
    }
}

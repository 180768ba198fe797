package io.github.idgov.core.delegation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
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
        assertThat(EVIDENCE.shortfall("u1", sensitive, 2, 300, 1300, Map.of())).isEmpty();
        assertThat(EVIDENCE.shortfall("u1", Set.of(), 2, 300, 1000, Map.of())).isEmpty();
        assertThat(EVIDENCE.shortfall("u2", sensitive, 2, 300, 1000, Map.of())).as("another subject (a sponsor approved)").isPresent();
        assertThat(EVIDENCE.shortfall(null, sensitive, 2, 300, 1000, Map.of())).isPresent();
        assertThat(EVIDENCE.shortfall("u1", Set.of("payments:release"), 2, 300, 1000, Map.of())).as("a scope not approved").isPresent();
        assertThat(EVIDENCE.shortfall("u1", sensitive, 3, 300, 1000, Map.of())).as("level too low").isPresent();
        assertThat(EVIDENCE.shortfall("u1", sensitive, 2, 300, 1301, Map.of())).as("older than the window").get().asString().contains("301 s ago");
        assertThat(EVIDENCE.shortfall("u1", sensitive, 2, 6, 1007, Map.of())).isPresent();
        assertThat(EVIDENCE.shortfall("u1", sensitive, 2, 300, 900, Map.of())).as("auth time ahead of now").isPresent();
        assertThat(new ApprovalStepUp("1", 1000, "u1", sensitive).shortfall("u1", sensitive, 2, 300, 1000, Map.of())).as("password only").isPresent();
        assertThat(new ApprovalStepUp("gold", 1000, "u1", sensitive).shortfall("u1", sensitive, 1, 300, 1000, Map.of())).as("no numeric level").get().asString().contains("no level");
    }

    @Test
    void aNamedAcrCountsAtTheLevelTheRealmMapsItTo() {
        Set<String> sensitive = Set.of("payments:approve");
        Map<String, Integer> named = Map.of("silver", 1, "gold", 2);
        ApprovalStepUp gold = new ApprovalStepUp("gold", 1000, "u1", sensitive);
        assertThat(gold.level(named)).contains(2);
        assertThat(gold.shortfall("u1", sensitive, 2, 300, 1000, named)).isEmpty();
        assertThat(gold.shortfall("u1", sensitive, 3, 300, 1000, named)).as("mapped below the level").get().asString()
                .contains("acr gold, below level 3");
        assertThat(new ApprovalStepUp("silver", 1000, "u1", sensitive).shortfall("u1", sensitive, 2, 300, 1000, named))
                .as("silver is level 1").isPresent();
        assertThat(new ApprovalStepUp("platinum", 1000, "u1", sensitive).shortfall("u1", sensitive, 1, 300, 1000, named))
                .as("a name the realm does not map").isPresent();
        assertThat(EVIDENCE.level(named)).as("numbers still count").contains(2);
        assertThat(new ApprovalStepUp("2", 1000, "u1", sensitive).level(Map.of("2", 1))).as("the map first, as Keycloak reads acr_values").contains(1);
    }
}

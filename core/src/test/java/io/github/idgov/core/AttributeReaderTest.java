package io.github.idgov.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttributeReaderTest {

    @Test
    void absentAttributeHasNoValues() {
        AttributeReader r = new AttributeReader(Map.of());
        assertThat(r.values(GovernanceAttribute.OWNER)).isEmpty();
        assertThat(r.single(GovernanceAttribute.OWNER)).isNull();
        assertThat(r.isMultiValued(GovernanceAttribute.OWNER)).isFalse();
    }

    @Test
    void blankAndNullValuesAreDropped() {
        Map<String, List<String>> m = new HashMap<>();
        m.put("identity_owner", Arrays.asList(null, "", " ", "alice", "\t"));
        m.put("identity_purpose", null);
        AttributeReader r = new AttributeReader(m);
        assertThat(r.values(GovernanceAttribute.OWNER)).containsExactly("alice");
        assertThat(r.single(GovernanceAttribute.OWNER)).isEqualTo("alice");
        assertThat(r.isMultiValued(GovernanceAttribute.OWNER)).isFalse();
        assertThat(r.values(GovernanceAttribute.PURPOSE)).isEmpty();
    }

    @Test
    void valuesAreNotTrimmed() {
        AttributeReader r = new AttributeReader(Map.of("identity_class", List.of(" human ")));
        assertThat(r.single(GovernanceAttribute.CLASS)).isEqualTo(" human ");
    }

    @Test
    void multiValuedKeepsOrderAndSingleIsTheFirst() {
        AttributeReader r = new AttributeReader(Map.of("identity_class", List.of("bot", "human")));
        assertThat(r.isMultiValued(GovernanceAttribute.CLASS)).isTrue();
        assertThat(r.values(GovernanceAttribute.CLASS)).containsExactly("bot", "human");
        assertThat(r.single(GovernanceAttribute.CLASS)).isEqualTo("bot");
    }

    @Test
    void readsByTheExactAttributeName() {
        AttributeReader r = new AttributeReader(Map.of("IDENTITY_CLASS", List.of("bot"), "class", List.of("bot")));
        assertThat(r.single(GovernanceAttribute.CLASS)).isNull();
    }
}

package io.github.idgov.authenticators.delegation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MayActMapperTest {

    private static final Map<String, Object> AGENT = Map.of("sub", "s1", "client_id", "agent");
    private static final Map<String, Object> AGENT2 = Map.of("sub", "s2", "client_id", "agent2");
    private static final Map<String, Object> AGENT3 = Map.of("sub", "s3", "client_id", "agent3");

    @Test
    void aSecondAgentTurnsTheObjectIntoAnArrayAndAThirdIsAppended() {
        Object two = MayActMapper.withAnother(AGENT, AGENT2);
        assertThat(two).isEqualTo(List.of(AGENT, AGENT2));
        assertThat(MayActMapper.withAnother(two, AGENT3)).isEqualTo(List.of(AGENT, AGENT2, AGENT3));
    }

    @Test
    void anAgentNamedTwiceIsNamedOnce() {
        assertThat(MayActMapper.withAnother(AGENT, Map.of("sub", "s1", "client_id", "agent"))).isSameAs(AGENT);
        Object two = MayActMapper.withAnother(AGENT, AGENT2);
        assertThat(MayActMapper.withAnother(two, AGENT2)).isSameAs(two);
    }
}

package io.github.idgov.authenticators.segmentation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class TokenRequestsTest {

    @Test
    void scopeNames() {
        assertThat(TokenRequests.names(" openid  orders:read\tprofile\n")).containsExactly("openid", "orders:read", "profile");
        assertThat(TokenRequests.names("")).isEmpty();
        assertThat(TokenRequests.names(" \t ")).isEmpty();
        assertThat(TokenRequests.names(null)).isEmpty();
    }

    /** The same names as splitting the trimmed parameter on {@code \s+}, the regular expression it replaces. */
    @Property(tries = 2000)
    void splitsAsTheRegularExpressionDid(@ForAll @StringLength(max = 40) @Chars({' ', '\t', '\n', '\u000B', '\f', '\r', '\u00A0', ':'})
            @CharRange(from = 'a', to = 'c') String scope) {
        List<String> expected = scope.isBlank() ? List.of() : Arrays.asList(scope.trim().split("\\s+"));
        assertThat(TokenRequests.names(scope)).isEqualTo(expected);
    }
}

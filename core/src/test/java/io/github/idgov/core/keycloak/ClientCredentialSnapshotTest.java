package io.github.idgov.core.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientCredentialSnapshotTest {

    private static final ClientCredentialSnapshot JWT = new ClientCredentialSnapshot("client-jwt", "d1", "1700000000", null);

    @Test
    void aMethodChangeIsSeenWhateverTheSecret() {
        assertThat(JWT.methodChanged(new ClientCredentialSnapshot("client-secret", "d1", "1700000000", null))).isTrue();
        assertThat(JWT.methodChanged(new ClientCredentialSnapshot("client-jwt", "d2", "1800000000", null))).isFalse();
    }

    @Test
    void aSecretGeneratedByKeycloakMovesItsCreationTimeASecretSetByTheUpdateDoesNot() {
        ClientCredentialSnapshot generated = new ClientCredentialSnapshot("client-jwt", "d2", "1800000000", null);
        assertThat(JWT.secretChanged(generated)).isTrue();
        assertThat(JWT.secretGenerated(generated)).isTrue();
        ClientCredentialSnapshot set = new ClientCredentialSnapshot("client-jwt", "d2", "1700000000", null);
        assertThat(JWT.secretChanged(set)).isTrue();
        assertThat(JWT.secretGenerated(set)).isFalse();
    }

    @Test
    void onlyTheCreationTimeChangedIsNoSecretChange() {
        // an administrator editing client.secret.creation.time (or a secret appearing where there was none) rotates nothing
        assertThat(JWT.secretChanged(new ClientCredentialSnapshot("client-jwt", "d1", "1600000000", null))).isFalse();
        assertThat(new ClientCredentialSnapshot("client-jwt", null, null, null).secretChanged(JWT)).isFalse();
    }
}

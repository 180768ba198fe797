package io.github.idgov.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationSuccessResponse;
import io.github.idgov.it.harness.KeycloakServer;
import io.github.idgov.it.harness.KeycloakServerExtension;
import io.github.idgov.it.support.BrowserLogin;
import io.github.idgov.it.support.CallbackServer;
import io.github.idgov.it.support.Chromium;
import io.github.idgov.it.support.FlowBindings;
import io.github.idgov.it.support.Grants;
import io.github.idgov.it.support.Realms;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * Machines stay out of interactive login: a user of class bot or ai-agent that someone gave a password gets no
 * token from a password grant, a browser login (stopped by the pack's flow, and refused at the token endpoint when
 * a client is routed around that flow) or a device login. Monitor mode records would-deny decisions and lets them
 * through; people are unaffected.
 */
@ExtendWith(KeycloakServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MachineLoginIT {

    private static final String ENFORCE = "machines-enforce";
    private static final String MONITOR = "machines-monitor";
    private static final String REFUSAL = "machines may not log in interactively";

    private KeycloakServer server;
    private CallbackServer callback;
    private URI redirect;
    private RealmResource enforce;

    @BeforeAll
    void createRealms(KeycloakServer server) throws Exception {
        this.server = server;
        callback = CallbackServer.start();
        redirect = callback.redirectUri();
        enforce = Realms.create(server, realm(ENFORCE, "enforce"));
        Realms.create(server, realm(MONITOR, "monitor"));
        // an administrator routes two clients around the pack's browser flow, to Keycloak's built-in one
        FlowBindings.overrideBrowserFlow(enforce, "app-stock-flow", "browser");
        FlowBindings.overrideBrowserFlow(enforce, "tv", "browser");
    }

    @AfterAll
    void stopCallback() {
        if (callback != null) {
            callback.close();
        }
    }

    @Test
    void passwordGrantIsRefusedToABotAndAnAgentWithADecision() throws Exception {
        Grants grants = new Grants(server.realmUrl(ENFORCE));
        for (String machine : List.of("bot-pw", "agent-pw")) {
            Grants.Result result = grants.password("app", machine, Realms.PASSWORD);
            assertThat(result.refused()).as(result.describe()).isTrue();
            assertThat(result.error().getCode()).isEqualTo("access_denied");
            assertThat(result.error().getDescription()).contains(machine).contains(REFUSAL).contains("grant password");
        }
        server.waitFor(Duration.ofSeconds(60), () -> server.logContains("decision=deny realm=" + ENFORCE
                + " principal=agent-pw policy=machine-interactive-login"), "deny decision in the decision log");
    }

    @Test
    void browserLoginOfAMachineEndsOnAnErrorPageWithoutACode() throws Exception {
        try (Chromium browser = Chromium.start()) {
            browser.authorize(server.realmUrl(ENFORCE), "app", redirect, Map.of());
            assertThat(browser.waitForPage(redirect)).isEqualTo(Chromium.Page.USERNAME_PASSWORD);
            browser.submitPassword("bot-pw", Realms.PASSWORD);
            Chromium.Page page = browser.waitForPage(redirect);
            assertThat(page).as(browser.text()).isEqualTo(Chromium.Page.ERROR);
            assertThat(browser.text()).contains(REFUSAL);
            assertThat(browser.driver().getCurrentUrl()).doesNotStartWith(redirect.toString());
        }
    }

    @Test
    void aClientRoutedAroundThePacksFlowStillGetsNoTokenForAMachine() throws Exception {
        // Keycloak's stock flow lets the machine through the login page; the token endpoint refuses the code
        String code = BrowserLogin.code(server.realmUrl(ENFORCE), "app-stock-flow", redirect, "bot-pw", Realms.PASSWORD);
        Grants.Result result = new Grants(server.realmUrl(ENFORCE)).authorizationCode("app-stock-flow", code, redirect);
        assertThat(result.refused()).as(result.describe()).isTrue();
        assertThat(result.error().getCode()).isEqualTo("access_denied");
        assertThat(result.error().getDescription()).contains(REFUSAL).contains("grant authorization_code");

        // the implicit flow hands out its token at the authorization endpoint: refused there (Keycloak redirects the
        // refusal with the error code as error_description)
        FlowBindings.enableImplicitFlow(enforce, "app-stock-flow");
        String location = BrowserLogin.redirect(server.realmUrl(ENFORCE), "app-stock-flow", redirect, "bot-pw", Realms.PASSWORD,
                Map.of("response_type", "token", "scope", "openid"));
        assertThat(BrowserLogin.parameters(location)).as(location).doesNotContainKey("access_token")
                .containsEntry("error_description", "access_denied");
        server.waitFor(Duration.ofSeconds(30), () -> server.logContains("principal=bot-pw policy=machine-interactive-login")
                && server.logContains(REFUSAL + " (grant implicit"), "deny decision at the implicit login");
    }

    @Test
    void deviceLoginOfAMachineGetsNoToken() throws Exception {
        Grants grants = new Grants(server.realmUrl(ENFORCE));
        DeviceAuthorizationSuccessResponse device = grants.deviceAuthorization("tv", "openid");
        try (Chromium browser = Chromium.start()) {
            verifyDevice(browser, device, "bot-pw");
        }
        Grants.Result result = grants.deviceCode("tv", device.getDeviceCode());
        assertThat(result.refused()).as(result.describe()).isTrue();
        assertThat(result.error().getCode()).isEqualTo("access_denied");
        assertThat(result.error().getDescription()).contains(REFUSAL).contains("grant device_code");
    }

    @Test
    void peopleLogInByPasswordBrowserAndDevice() throws Exception {
        Grants grants = new Grants(server.realmUrl(ENFORCE));
        grants.password("app", "olivia", Realms.PASSWORD).requireSuccess();
        try (Chromium browser = Chromium.start()) {
            browser.authorize(server.realmUrl(ENFORCE), "app", redirect, Map.of());
            browser.waitForPage(redirect);
            browser.submitPassword("olivia", Realms.PASSWORD);
            assertThat(browser.waitForPage(redirect)).as(browser.text()).isEqualTo(Chromium.Page.REDIRECTED);
            grants.authorizationCode("app", browser.redirectParameters().get("code"), redirect).requireSuccess();

            DeviceAuthorizationSuccessResponse device = grants.deviceAuthorization("tv", "openid");
            verifyDevice(browser, device, "olivia");
            grants.deviceCode("tv", device.getDeviceCode()).requireSuccess();
        }
    }

    @Test
    void monitorModeLetsAMachineInAndRecordsWouldDeny() throws Exception {
        Grants grants = new Grants(server.realmUrl(MONITOR));
        grants.password("app", "bot-pw", Realms.PASSWORD).requireSuccess();
        try (Chromium browser = Chromium.start()) {
            browser.authorize(server.realmUrl(MONITOR), "app", redirect, Map.of());
            browser.waitForPage(redirect);
            browser.submitPassword("agent-pw", Realms.PASSWORD);
            assertThat(browser.waitForPage(redirect)).as(browser.text()).isEqualTo(Chromium.Page.REDIRECTED);
            grants.authorizationCode("app", browser.redirectParameters().get("code"), redirect).requireSuccess();
        }
        server.waitFor(Duration.ofSeconds(60), () -> server.logContains("decision=would-deny realm=" + MONITOR
                + " principal=bot-pw policy=machine-interactive-login"), "would-deny decision for the password grant");
        server.waitFor(Duration.ofSeconds(60), () -> server.logContains("decision=would-deny realm=" + MONITOR
                + " principal=agent-pw policy=machine-interactive-login reason=\"agent-pw is of class ai-agent: machines may not log in "
                + "interactively (browser login"), "would-deny decision for the browser login");
    }

    /** The user's half of the device flow: open the verification URI, log in, grant access on the consent page. */
    private void verifyDevice(Chromium browser, DeviceAuthorizationSuccessResponse device, String username) {
        browser.driver().get(device.getVerificationURIComplete().toString());
        if (browser.waitForPage(redirect) == Chromium.Page.USERNAME_PASSWORD) {
            browser.submitPassword(username, Realms.PASSWORD);
        }
        server.waitFor(Duration.ofSeconds(30), () -> browser.hasButton("accept") || browser.text().contains("Device Login Successful"),
                "the device consent page");
        if (browser.hasButton("accept")) {
            browser.click("accept");
        }
        server.waitFor(Duration.ofSeconds(30), () -> browser.text().contains("Device Login Successful"),
                "the device login to succeed");
    }

    private RealmRepresentation realm(String name, String mode) {
        RealmRepresentation realm = Realms.governed(name, mode);
        realm.setEventsEnabled(true);
        realm.getUsers().add(Realms.principal("bot-pw", Realms.machine("bot")));
        realm.getUsers().add(Realms.principal("agent-pw", Realms.machine("ai-agent")));
        ClientRepresentation app = Realms.publicApp("app");
        app.setRedirectUris(List.of(redirect.toString()));
        ClientRepresentation stock = Realms.publicApp("app-stock-flow");
        stock.setRedirectUris(List.of(redirect.toString()));
        ClientRepresentation tv = Realms.publicApp("tv");
        tv.setStandardFlowEnabled(false);
        tv.setAttributes(Map.of("oauth2.device.authorization.grant.enabled", "true"));
        realm.setClients(List.of(app, stock, tv));
        return realm;
    }
}

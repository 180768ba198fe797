package io.github.idgov.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idgov.it.harness.AuditSettings;
import io.github.idgov.it.harness.KeycloakServer;
import io.github.idgov.it.harness.KeycloakServerExtension;
import io.github.idgov.it.support.AuditFile;
import io.github.idgov.it.support.GovernanceApi;
import io.github.idgov.it.support.Principals;
import io.github.idgov.it.support.Realms;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium: a realm administrator logs into the admin console (admin theme {@code idgov}), follows
 * the console's "Identity review" link to the pack's page (no second login), filters, opens an identity, marks it
 * reviewed, and the review reaches the user's attributes and the audit trail; the same from master's console for the
 * server's administrator. Screenshots under
 * {@code target/screenshots/}. Skipped, with the reason printed, where Chromium or chromedriver is missing.
 */
@ExtendWith(KeycloakServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReviewPageBrowserIT {

    private static final String REALM = "review-ui";
    private static final Path BROWSER = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final int PEOPLE = 25;

    private KeycloakServer server;
    private AuditSettings audit;
    private RealmResource realm;

    @BeforeAll
    void setUp(KeycloakServer server, AuditSettings audit) {
        boolean installed = Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
        if (!installed) {
            System.out.println("SKIPPED ReviewPageBrowserIT: " + BROWSER + " or " + DRIVER + " is missing (apt-get install chromium chromium-driver)");
        }
        Assumptions.assumeTrue(installed, BROWSER + " or " + DRIVER + " is missing");
        this.server = server;
        this.audit = audit;
        RealmRepresentation rep = Realms.governed(REALM, "enforce");
        rep.setAdminTheme("idgov");
        UserRepresentation auditor = Realms.human("auditor", true);
        auditor.setClientRoles(Map.of("realm-management", List.of("realm-admin")));
        rep.getUsers().add(auditor);
        rep.getClients().add(Realms.serviceClient("svc-ui", "svc-ui-secret-1"));
        rep.getUsers().add(Realms.serviceAccountUser("svc-ui", Realms.machine("service-account")));
        rep.getClients().add(Realms.serviceClient("bot-ui", "bot-ui-secret-1"));
        rep.getUsers().add(Realms.serviceAccountUser("bot-ui", Realms.machine("bot")));
        // more people than a page of 20 holds, for the pager
        for (int i = 0; i < PEOPLE; i++) {
            rep.getUsers().add(Realms.human(String.format("person-%02d", i), true));
        }
        realm = Realms.create(server, rep);
        // created with its client, without owner, purpose or expiry: the token gate refuses it (incomplete)
        realm.clients().create(Realms.serviceClient("svc-bare-ui", "svc-bare-ui-secret-1")).close();
    }

    @Test
    void anAdministratorReviewsAnIdentityFromTheConsoleLink() throws Exception {
        WebDriver driver = start();
        try {
            // the page re-renders while it loads: an element read between two renders is stale, so poll again
            WebDriverWait wait = new WebDriverWait(driver, WAIT);
            wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
            driver.get(server.baseUrl() + "/admin/" + REALM + "/console/");
            wait.until(d -> !d.findElements(By.id("username")).isEmpty());
            driver.findElement(By.id("username")).sendKeys("auditor");
            driver.findElement(By.id("password")).sendKeys(Realms.PASSWORD);
            driver.findElement(By.id("kc-login")).click();

            // the console, with the theme's link
            WebElement link = wait.until(d -> d.findElements(By.id("idgov-review-link")).stream().findFirst().orElse(null));
            assertThat(link.getAttribute("href")).endsWith("/realms/" + REALM + "/identity-governance/review/?realm=" + REALM);
            // the stock console still renders under the pack's theme
            wait.until(d -> d.findElement(By.tagName("body")).getText().contains("Realm settings"));
            screenshot(driver, "console-with-link");
            String console = driver.getWindowHandle();
            link.click();
            wait.until(d -> d.getWindowHandles().size() == 2);
            driver.switchTo().window(driver.getWindowHandles().stream().filter(h -> !h.equals(console)).findFirst().orElseThrow());

            // no second login: the page comes back from the authorization endpoint with a code and loads the data
            wait.until(d -> d.findElement(By.id("who")).getText().contains("Signed in as auditor"));
            wait.until(d -> rows(d).contains("service-account-svc-ui"));
            assertThat(driver.findElement(By.id("stats")).getText()).contains("service-account").contains("bot");
            assertThat(rows(driver)).contains("auditor", "olivia", "service-account-bot-ui");

            pagesForwardByTheCursorAndBackByPositionWithTheKeyboard(driver, wait);

            // why a machine gets no token, at once: the incomplete filter, its count and its badge with the gate's reason
            assertThat(driver.findElement(By.id("stats")).getText()).contains("Incomplete");
            new Select(driver.findElement(By.id("f-status"))).selectByVisibleText("incomplete");
            driver.findElement(By.id("apply")).click();
            wait.until(d -> rows(d).equals(List.of("service-account-svc-bare-ui")));
            WebElement badge = driver.findElement(By.cssSelector("#identities tbody td.status-incomplete"));
            assertThat(badge.getText()).isEqualTo("incomplete");
            assertThat(badge.getAttribute("title")).contains("service-account-svc-bare-ui: a service-account needs identity_owner,"
                    + " identity_purpose, identity_expires_at");
            screenshot(driver, "incomplete");
            new Select(driver.findElement(By.id("f-status"))).selectByVisibleText("any");

            // filter to bots: only the bot remains
            new Select(driver.findElement(By.id("f-class"))).selectByVisibleText("bot");
            driver.findElement(By.id("apply")).click();
            wait.until(d -> rows(d).equals(List.of("service-account-bot-ui")));
            new Select(driver.findElement(By.id("f-class"))).selectByVisibleText("service-account");
            driver.findElement(By.id("apply")).click();
            wait.until(d -> rows(d).equals(List.of("service-account-svc-bare-ui", "service-account-svc-ui")));

            // open it: who owns it, what it can do, when it was reviewed
            driver.findElement(By.xpath("//button[@class='open' and text()='service-account-svc-ui']")).click();
            wait.until(d -> d.findElement(By.id("detail")).isDisplayed() && d.findElement(By.id("detail-fields")).getText().contains("olivia (ok)"));
            String detail = driver.findElement(By.id("detail-fields")).getText();
            assertThat(detail).contains("Last review").contains("never").contains("client-secret").contains("identity-governance");
            screenshot(driver, "review-page");

            // review with the keyboard-reachable form
            driver.findElement(By.id("review-comment")).sendKeys("checked in the browser");
            driver.findElement(By.id("mark-reviewed")).click();
            wait.until(d -> d.findElement(By.id("message")).getText().contains("Marked service-account-svc-ui reviewed."));
            wait.until(d -> d.findElement(By.id("detail-fields")).getText().contains("by auditor: checked in the browser"));
            screenshot(driver, "reviewed");
        } finally {
            driver.quit();
        }
        Map<String, List<String>> attributes = Principals.serviceAccount(realm, "svc-ui").toRepresentation().getAttributes();
        assertThat(attributes).containsEntry("identity_last_reviewed_by", List.of("auditor")).containsKey("identity_last_reviewed_at");
        assertThat(awaitReviewRecord("service-account-svc-ui").get("comment")).isEqualTo("checked in the browser");
    }

    /**
     * The server's administrator signs into master's console (most do, and manage the other realms from there): the
     * link for the realm shown opens the page logging in through master (its client provisioned because a realm is
     * governed), reviewing that realm, without a second login; the review names the administrator with their realm.
     */
    @Test
    void aMasterAdministratorReviewsAnotherRealmFromMastersConsole() throws Exception {
        RealmResource master = server.adminClient().realm("master");
        RealmRepresentation masterRep = master.toRepresentation();
        String theme = masterRep.getAdminTheme();
        masterRep.setAdminTheme("idgov");
        master.update(masterRep);
        WebDriver driver = start();
        try {
            WebDriverWait wait = new WebDriverWait(driver, WAIT);
            wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
            String console = server.baseUrl() + "/admin/master/console/";
            driver.get(console);
            wait.until(d -> !d.findElements(By.id("username")).isEmpty());
            driver.findElement(By.id("username")).sendKeys(KeycloakServer.ADMIN_USERNAME);
            driver.findElement(By.id("password")).sendKeys(KeycloakServer.ADMIN_PASSWORD);
            driver.findElement(By.id("kc-login")).click();
            wait.until(d -> d.findElement(By.id("idgov-review-link")).getAttribute("href")
                    .endsWith("/realms/master/identity-governance/review/?realm=master"));

            // the console showing the governed realm: the link follows it, still logging in through master
            driver.get(console + "#/" + REALM + "/users");
            String consoleWindow = driver.getWindowHandle();
            // the console re-renders while it loads the realm, replacing the link: find and click it in one step
            wait.until(d -> {
                List<WebElement> links = d.findElements(By.id("idgov-review-link"));
                if (links.isEmpty() || !links.get(0).getAttribute("href").endsWith("/realms/master/identity-governance/review/?realm=" + REALM)) {
                    return false;
                }
                try {
                    links.get(0).click();
                    return true;
                } catch (org.openqa.selenium.WebDriverException detached) {
                    // replaced between finding and clicking (stale, or "does not belong to the document"): find it again
                    if (detached instanceof org.openqa.selenium.StaleElementReferenceException
                            || String.valueOf(detached.getMessage()).contains("does not belong to the document")) {
                        return false;
                    }
                    throw detached;
                }
            });
            wait.until(d -> d.getWindowHandles().size() >= 2);
            driver.switchTo().window(driver.getWindowHandles().stream().filter(h -> !h.equals(consoleWindow)).findFirst().orElseThrow());

            wait.until(d -> d.findElement(By.id("who")).getText().contains("Signed in as admin (master)"));
            assertThat(driver.getCurrentUrl()).contains("/realms/master/identity-governance/review/");
            wait.until(d -> rows(d).contains("service-account-bot-ui"));
            assertThat(rows(driver)).contains("auditor", "olivia");
            driver.findElement(By.xpath("//button[@class='open' and text()='service-account-bot-ui']")).click();
            wait.until(d -> d.findElement(By.id("detail")).isDisplayed() && d.findElement(By.id("detail-fields")).getText().contains("olivia"));
            driver.findElement(By.id("review-comment")).sendKeys("checked from master");
            driver.findElement(By.id("mark-reviewed")).click();
            wait.until(d -> d.findElement(By.id("message")).getText().contains("Marked service-account-bot-ui reviewed."));
            wait.until(d -> d.findElement(By.id("detail-fields")).getText().contains("by admin@master: checked from master"));
            screenshot(driver, "reviewed-from-master");
        } finally {
            driver.quit();
            masterRep.setAdminTheme(theme);
            master.update(masterRep);
        }
        assertThat(Principals.serviceAccount(realm, "bot-ui").toRepresentation().getAttributes())
                .containsEntry("identity_last_reviewed_by", List.of("admin@master"));
        Map<String, Object> record = awaitReviewRecord("service-account-bot-ui");
        assertThat(record).containsEntry("comment", "checked from master").containsEntry("by", "admin@master");
    }

    /**
     * Next follows the API's cursor ({@code after}: the same cost at any depth), Previous goes back by position; both
     * reached and pressed with the keyboard.
     */
    private void pagesForwardByTheCursorAndBackByPositionWithTheKeyboard(WebDriver driver, WebDriverWait wait) {
        GovernanceApi api = new GovernanceApi(server.baseUrl(), REALM);
        // cursors come from index answers: wait until the realm's index is built
        server.waitFor(WAIT, () -> "index".equals(api.getJson("/statistics", server.adminClient().tokenManager().getAccessTokenString()).get("source")),
                "the review index of " + REALM);
        List<String> all = api.usernames("?max=500", server.adminClient().tokenManager().getAccessTokenString());
        assertThat(all.size()).isGreaterThan(20).isLessThanOrEqualTo(40);
        new Select(driver.findElement(By.id("f-max"))).selectByVisibleText("20");
        driver.findElement(By.id("apply")).click();
        wait.until(d -> rows(d).equals(all.subList(0, 20)));
        WebElement next = driver.findElement(By.id("next"));
        next.sendKeys(Keys.ENTER);
        wait.until(d -> rows(d).equals(all.subList(20, all.size())));
        assertThat(driver.findElement(By.id("page-info")).getText()).isEqualTo("21–" + all.size());
        assertThat(driver.findElement(By.id("next")).isEnabled()).as("no page after the last").isFalse();
        assertThat(lastListRequest(driver)).contains("after=").doesNotContain("first=");
        driver.findElement(By.id("prev")).sendKeys(Keys.ENTER);
        wait.until(d -> rows(d).equals(all.subList(0, 20)));
        assertThat(lastListRequest(driver)).contains("first=0").doesNotContain("after=");
        new Select(driver.findElement(By.id("f-max"))).selectByVisibleText("50");
        driver.findElement(By.id("apply")).click();
        wait.until(d -> rows(d).equals(all));
    }

    /** The URL of the page's latest list request, from the browser's resource timing. */
    private static String lastListRequest(WebDriver driver) {
        return (String) ((JavascriptExecutor) driver).executeScript("const list = performance.getEntriesByType('resource')"
                + ".map(e => e.name).filter(n => n.includes('/identity-governance/identities?')); return list[list.length - 1];");
    }

    /** The usernames in the table, read in one script call (the table is re-rendered while the test polls). */
    @SuppressWarnings("unchecked")
    private static List<String> rows(WebDriver driver) {
        return (List<String>) ((JavascriptExecutor) driver).executeScript(
                "return Array.from(document.querySelectorAll('#identities tbody button.open')).map(b => b.textContent);");
    }

    private static WebDriver start() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-dev-shm-usage", "--no-first-run", "--window-size=1280,800");
        // the installed driver, never Selenium Manager (which would go to the network for one)
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER.toString()))
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(WAIT);
        return driver;
    }

    private static void screenshot(WebDriver driver, String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    /** The details of the REVIEWED lifecycle record about the user, once the audit file has it. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> awaitReviewRecord(String username) {
        Map<String, Object> record = new AuditFile(server, audit.file(), REALM).await(Duration.ofSeconds(30), "the review's audit record",
                r -> "REVIEWED".equals(r.get("type")) && r.get("details") instanceof Map
                        && r.get("principal") instanceof Map<?, ?> principal && username.equals(principal.get("username")));
        return (Map<String, Object>) record.get("details");
    }
}

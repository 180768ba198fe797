package io.github.idgov.it.support;

import java.io.File;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

/**
 * A real headless Chromium (Debian {@code chromium} + {@code chromium-driver}) driving Keycloak's login pages, one
 * browser profile (cookie jar) per instance. Tests that use it are skipped, with the reason printed, where either
 * binary is missing; {@code .ci/run} installs them.
 */
public final class Chromium implements AutoCloseable {

    public static final Path BROWSER = Path.of("/usr/bin/chromium");
    public static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final WebDriver driver;

    private Chromium(WebDriver driver) {
        this.driver = driver;
    }

    /** Skips the calling test (JUnit assumption, reason printed) when Chromium or chromedriver is not installed. */
    public static void assumeInstalled() {
        boolean installed = Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
        if (!installed) {
            System.out.println("SKIPPED browser test: " + BROWSER + " or " + DRIVER
                    + " is missing (apt-get install chromium chromium-driver; .ci/run installs them)");
        }
        Assumptions.assumeTrue(installed, BROWSER + " or " + DRIVER + " is missing");
    }

    public static Chromium start() {
        assumeInstalled();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-dev-shm-usage", "--no-first-run", "--window-size=1280,900");
        // the installed driver, never Selenium Manager (which would go to the network for one)
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER.toString()))
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(WAIT);
        return new Chromium(driver);
    }

    public WebDriver driver() {
        return driver;
    }

    /** Opens an authorization request of the authorization-code flow; {@code extra} are further parameters (scope, prompt, …). */
    public void authorize(String realmUrl, String clientId, URI redirectUri, Map<String, String> extra) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("client_id", clientId);
        params.put("redirect_uri", redirectUri.toString());
        params.put("state", "st-" + System.nanoTime());
        params.put("nonce", "n-" + System.nanoTime());
        params.put("scope", "openid");
        params.putAll(extra);
        StringBuilder url = new StringBuilder(realmUrl).append("/protocol/openid-connect/auth?");
        params.forEach((k, v) -> url.append(enc(k)).append('=').append(enc(v)).append('&'));
        driver.get(url.substring(0, url.length() - 1));
    }

    /** What the browser shows next: a form with one of the given ids, or the redirect back to the client. */
    public Page waitForPage(URI redirectUri) {
        return new WebDriverWait(driver, WAIT).until(d -> {
            if (redirected(d, redirectUri)) {
                return Page.REDIRECTED;
            }
            if (!loaded(d)) {
                return null; // a page parsed in part shows its first controls before the form they belong to
            }
            Page shown = shownPage(d);
            // The URL is read before the page: a redirect that lands in between shows the client's page under the
            // old URL. Asking again tells a login page from the redirect target (which may be an error page itself).
            return shown != null && redirected(d, redirectUri) ? Page.REDIRECTED : shown;
        });
    }

    private static boolean loaded(WebDriver d) {
        try {
            return "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState"));
        } catch (org.openqa.selenium.WebDriverException navigating) {
            return false; // the document went away under the script: ask again on the next one
        }
    }

    private static boolean redirected(WebDriver d, URI redirectUri) {
        String current = d.getCurrentUrl();
        return current != null && current.startsWith(redirectUri.toString());
    }

    private Page shownPage(WebDriver d) {
        if (present(By.name("accept"))) {
            return Page.CONSENT;
        }
        if (present(By.id("otp"))) {
            return Page.OTP;
        }
        if (present(By.id("registerWebAuthn"))) {
            return Page.WEBAUTHN_REGISTER;
        }
        if (present(By.id("authenticateWebAuthnButton"))) {
            return Page.WEBAUTHN;
        }
        if (present(By.id("kc-recovery-codes-list"))) {
            return Page.CONFIGURE_RECOVERY_CODES;
        }
        if (present(By.name("recoveryCodeInput"))) {
            return Page.RECOVERY_CODE;
        }
        if (present(By.id("kc-select-credential-form"))) {
            return Page.SELECT_FACTOR;
        }
        if (present(By.id("password")) && present(By.id("username"))) {
            return Page.USERNAME_PASSWORD;
        }
        if (present(By.id("password"))) {
            return Page.PASSWORD;
        }
        if (present(By.id("totp")) || present(By.id("kc-totp-secret-qr-code")) || present(By.id("kc-totp-secret-key"))) {
            return Page.CONFIGURE_OTP;
        }
        if (present(By.id("kc-error-message")) || present(By.className("kc-feedback-text"))
                || present(By.cssSelector(".pf-v5-c-alert__title, .alert-error, #kc-page-title"))) {
            return errorOrOther(d);
        }
        return null;
    }

    private Page errorOrOther(WebDriver d) {
        return present(By.id("kc-error-message")) ? Page.ERROR : (present(By.id("kc-login")) ? null : Page.OTHER);
    }

    public void submitPassword(String username, String password) {
        if (present(By.id("username"))) {
            type(By.id("username"), username);
        }
        type(By.id("password"), password);
        submit();
    }

    public void submitOtp(String code) {
        type(By.id("otp"), code);
        submit();
    }

    /** Submits the login form and waits for the page to go: until then the old form still reads as the next page. */
    private void submit() {
        WebElement button = driver.findElement(By.id("kc-login"));
        button.click();
        new WebDriverWait(driver, WAIT).until(d -> detached(button));
    }

    /**
     * Whether the element left the page. Chromium reports a node of a page being replaced either as stale or, in
     * the middle of the navigation, as a node that "does not belong to the document": both mean gone.
     */
    private static boolean detached(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (StaleElementReferenceException | NoSuchElementException gone) {
            return true;
        } catch (org.openqa.selenium.WebDriverException e) {
            if (e.getMessage() != null && e.getMessage().contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }

    /** The Base32 key of Keycloak's OTP enrolment page, in its manual-entry mode. */
    public String totpSecretFromEnrolmentPage() {
        if (!present(By.id("kc-totp-secret-key"))) {
            driver.findElement(By.id("mode-manual")).click();
        }
        return new WebDriverWait(driver, WAIT).until(d -> {
            var keys = d.findElements(By.id("kc-totp-secret-key"));
            return keys.isEmpty() || keys.get(0).getText().isBlank() ? null : keys.get(0).getText();
        });
    }

    public void submitOtpEnrolment(String code) {
        type(By.id("totp"), code);
        if (present(By.id("userLabel"))) {
            type(By.id("userLabel"), "test phone");
        }
        driver.findElement(By.id("saveTOTPBtn")).click();
    }

    /**
     * Gives this browser Chromium's virtual WebAuthn authenticator (CTAP2, resident keys, user verification that
     * always succeeds), which answers Keycloak's security-key and passkey ceremonies as a real key would. WebAuthn
     * needs a domain as relying party: open Keycloak's pages through {@code localhost}, not an IP address.
     */
    public VirtualAuthenticator addVirtualAuthenticator() {
        VirtualAuthenticatorOptions options = new VirtualAuthenticatorOptions()
                .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                .setTransport(VirtualAuthenticatorOptions.Transport.USB)
                .setHasResidentKey(true)
                .setHasUserVerification(true)
                .setIsUserVerified(true)
                .setIsUserConsenting(true);
        return ((HasVirtualAuthenticator) driver).addVirtualAuthenticator(options);
    }

    /** Keycloak's WebAuthn registration page: the register button, then the label prompt the page opens, accepted. */
    public void registerWebAuthn() {
        driver.findElement(By.id("registerWebAuthn")).click();
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.alertIsPresent()).accept();
    }

    /** Keycloak's WebAuthn sign-in page: the button starts the ceremony the virtual authenticator answers. */
    public void authenticateWebAuthn() {
        driver.findElement(By.id("authenticateWebAuthnButton")).click();
    }

    /** The recovery codes of Keycloak's set-up page (the raw codes the form posts back), confirmed and saved. */
    public List<String> saveRecoveryCodes() {
        // a loaded machine parses the page in parts: the list, then the checkbox, then the form with the codes and
        // its button; wait for the last of them, not the first
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.presenceOfElementLocated(By.id("saveRecoveryAuthnCodesBtn")));
        WebElement confirm = new WebDriverWait(driver, WAIT).until(ExpectedConditions.elementToBeClickable(
                By.id("kcRecoveryCodesConfirmationCheck")));
        String raw = driver.findElement(By.name("generatedRecoveryAuthnCodes")).getDomAttribute("value");
        if (!confirm.isSelected()) {
            confirm.click();
        }
        driver.findElement(By.id("saveRecoveryAuthnCodesBtn")).click();
        return List.of(raw.split(","));
    }

    /** Keycloak's recovery-code page asks for code number N (1-based) of the list saved at set-up. */
    public void submitRecoveryCode(List<String> codes) {
        String label = driver.findElement(By.cssSelector("label[for='recoveryCodeInput']")).getText();
        Matcher number = Pattern.compile("#\\s*(\\d+)").matcher(label);
        if (!number.find()) {
            throw new AssertionError("no code number in the recovery-code prompt: " + label);
        }
        type(By.name("recoveryCodeInput"), codes.get(Integer.parseInt(number.group(1)) - 1));
        driver.findElement(By.id("kc-login")).click();
    }

    /** The "Try another way" link of a login page, then the option whose text contains {@code optionText}. */
    public void tryAnotherWay(String optionText) {
        driver.findElement(By.id("try-another-way")).click();
        WebElement option = new WebDriverWait(driver, WAIT).until(d -> d.findElements(By.cssSelector("div[role='button']")).stream()
                .filter(e -> e.getText().toLowerCase(java.util.Locale.ROOT).contains(optionText.toLowerCase(java.util.Locale.ROOT)))
                .findFirst().orElse(null));
        option.click();
    }

    /** A submit button by its {@code name} (Keycloak's consent page: {@code accept}, {@code cancel}). */
    public boolean hasButton(String name) {
        return present(By.name(name));
    }

    public void click(String name) {
        driver.findElement(By.name(name)).click();
    }

    /** The text of the page body, for messages on error pages. */
    public String text() {
        for (int attempt = 0; ; attempt++) {
            try {
                return driver.findElement(By.tagName("body")).getText();
            } catch (StaleElementReferenceException | NoSuchElementException navigating) {
                if (attempt == 20) {
                    throw navigating; // the page never settled
                }
                LockSupport.parkNanos(Duration.ofMillis(100).toNanos()); // the next page is loading
            }
        }
    }

    /** The query parameters of the redirect back to the client (code, state, or error and error_description). */
    public Map<String, String> redirectParameters() {
        URI uri = URI.create(driver.getCurrentUrl());
        Map<String, String> params = new LinkedHashMap<>();
        String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
        String fragment = uri.getRawFragment() == null ? "" : uri.getRawFragment();
        for (String part : (query + "&" + fragment).split("&")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                params.put(part.substring(0, eq), URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    /** Forgets the SSO session: Keycloak's cookies are deleted from a page of its own origin. */
    public void deleteCookies(String realmUrl) {
        driver.get(realmUrl + "/.well-known/openid-configuration");
        driver.manage().deleteAllCookies();
    }

    private void type(By by, String text) {
        WebElement field = driver.findElement(by);
        field.clear();
        field.sendKeys(text);
    }

    private boolean present(By by) {
        return !driver.findElements(by).isEmpty();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        driver.quit();
    }

    /** The pages a login can show. */
    public enum Page {
        USERNAME_PASSWORD, PASSWORD, OTP, CONFIGURE_OTP, WEBAUTHN_REGISTER, WEBAUTHN, CONFIGURE_RECOVERY_CODES, RECOVERY_CODE,
        SELECT_FACTOR, CONSENT, ERROR, OTHER, REDIRECTED
    }
}

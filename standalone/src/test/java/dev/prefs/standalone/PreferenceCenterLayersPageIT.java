package dev.prefs.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prefs.platform.security.JwtTokens;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The preference center over layered defaults, in a real browser: an own, an inherited and an enforced value with
 * their badges (from {@code sources} and {@code explain}), the enforced one locked with its reason, "use the
 * default" per field, and the edits' history entries.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PreferenceCenterLayersPageIT {

    private static final String USER = "pc-carol";
    private static final String TENANT = "pc-acme";

    @TempDir
    static Path dataFolder;
    @TempDir
    static Path profile;
    private static ConfigurableApplicationContext app;
    private static Http admin;
    private static Http user;
    private static Browser browser;

    @BeforeAll
    static void start() {
        Browser.assumeInstalled();
        app = StandaloneRestartIT.start(dataFolder);
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        admin = new Http(port);
        String token = JwtTokens.mint(Http.SECRET, USER, null, TENANT, Duration.ofHours(1));
        user = admin.as(token);
        ok(admin.send("PATCH", "/api/tenants/" + TENANT + "/defaults",
                "{\"language\":\"de\",\"notifications\":{\"sms\":true},\"enforced\":{\"notifications.sms\":true}}"));
        ok(user.send("POST", "/api/users/" + USER + "/preferences", "{\"theme\":\"light\"}"));
        ok(user.send("PATCH", "/api/users/" + USER + "/preferences", "{\"notifications\":{\"sms\":false}}"));
        browser = Browser.open(port, profile, 1024);
        browser.go("/preferences/");
        browser.giveToken(token);
        browser.awaitText("prefs-preference-center .pc-summary", "version 2");
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (app != null) {
            app.close();
        }
    }

    @Test
    @Order(1)
    void anOwnAnInheritedAndAnEnforcedValueEachShowWhereTheyComeFrom() {
        assertThat(browser.find("prefs-preference-center .pc-summary").getText()).contains("tenant " + TENANT);
        assertField("theme", "light", "user", "Your choice");
        assertField("language", "de", "tenant", "Tenant default");
        assertField("notifications.email", "true", "system", "System default");
        assertField("notifications.sms", "true", "tenant-enforced", "Enforced by tenant");
        browser.screenshot("preferences-layers");
    }

    @Test
    @Order(2)
    void anEnforcedFieldIsLockedWithTheReasonAndTheUsersOwnChoiceKept() {
        WebElement sms = row("notifications.sms");
        assertThat(sms.getAttribute("class")).contains("locked");
        assertThat(sms.findElement(By.cssSelector("input")).isEnabled()).isFalse();
        assertThat(sms.findElement(By.cssSelector("button.pc-use-default")).isDisplayed()).isFalse();
        assertThat(sms.findElement(By.cssSelector(".pc-reason")).getText()).contains("tenant " + TENANT)
                .contains("Your own choice, off, is kept");
        assertThat(row("theme").findElement(By.cssSelector("button.pc-use-default")).isDisplayed()).isTrue();
        assertThat(row("language").findElement(By.cssSelector("button.pc-use-default")).isDisplayed()).isFalse();
    }

    @Test
    @Order(3)
    void usingTheDefaultForAFieldInheritsItAtOnce() {
        row("theme").findElement(By.cssSelector("button.pc-use-default")).click();
        browser.awaitText("prefs-preference-center .pc-summary", "version 3");
        assertField("theme", "dark", "system", "System default");
        assertThat(browser.find(".pc-timeline > li[data-version='3'] li[data-change=theme]").getText())
                .startsWith("theme: light → ");
    }

    @Test
    @Order(4)
    void editingAnInheritedValueMakesItTheUsersOwnWithANewHistoryEntry() {
        WebElement language = browser.find("#pc-language");
        language.clear();
        language.sendKeys("it");
        browser.find("button.pc-save").click();
        browser.awaitText("prefs-preference-center .pc-summary", "version 4");
        assertField("language", "it", "user", "Your choice");
        assertThat(browser.find(".pc-timeline > li[data-version='4'] li[data-change=language]").getText())
                .contains("→ it");
    }

    @Test
    @Order(5)
    void hasNoSeriousAccessibilityViolations() {
        List<Map<String, Object>> violations = browser.seriousAccessibilityViolations();
        assertThat(violations).as("axe-core: %s", violations).isEmpty();
    }

    private static WebElement row(String field) {
        return browser.find("prefs-preference-center .pc-field[data-field='" + field + "']");
    }

    private static void assertField(String field, String value, String source, String badge) {
        WebElement row = row(field);
        WebElement control = row.findElement(By.cssSelector("input, select"));
        String shown = "checkbox".equals(control.getAttribute("type"))
                ? String.valueOf(control.isSelected()) : control.getDomProperty("value");
        assertThat(shown).as(field).isEqualTo(value);
        WebElement label = row.findElement(By.cssSelector(".badge"));
        assertThat(label.getAttribute("data-source")).as(field).isEqualTo(source);
        assertThat(label.getText()).as(field).isEqualTo(badge);
    }

    private static void ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
    }
}

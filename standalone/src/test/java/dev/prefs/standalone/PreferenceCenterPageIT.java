package dev.prefs.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.prefs.platform.security.JwtTokens;
import java.io.IOException;
import java.nio.file.Files;
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
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.interactions.Actions;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The preference center in a real browser, 320 px wide, on the standalone process: editing with If-Match from the
 * keyboard alone, the stale-page path when another tab changed the preferences, reset, the history, and the
 * download of the user's data.
 * (Where each value comes from is PreferenceCenterLayersPageIT's.)
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PreferenceCenterPageIT {

    private static final String USER = "pc-alice";

    @TempDir
    static Path dataFolder;
    @TempDir
    static Path profile;
    private static ConfigurableApplicationContext app;
    private static Http admin;
    private static Browser browser;
    private static String token;

    @BeforeAll
    static void start() {
        Browser.assumeInstalled();
        app = StandaloneRestartIT.start(dataFolder);
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        admin = new Http(port);
        token = JwtTokens.mint(Http.SECRET, USER, false, Duration.ofHours(1));
        assertThat(admin.as(token).send("POST", "/api/users/" + USER + "/preferences",
                "{\"theme\":\"light\",\"language\":\"pt-BR\"}").statusCode()).isEqualTo(201);
        browser = Browser.open(port, profile, 320);
        browser.go("/preferences/");
        browser.giveToken(token);
        browser.awaitText("prefs-preference-center .pc-summary", "version 1");
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
    void showsTheEffectivePreferencesAndTheHistoryAt320PixelsWithoutScrollingSideways() {
        assertThat(browser.find("#pc-theme").getDomProperty("value")).isEqualTo("light");
        assertThat(browser.find("#pc-language").getDomProperty("value")).isEqualTo("pt-BR");
        assertThat(browser.find("#pc-notifications-email").isSelected()).isTrue();
        assertThat(browser.find("#pc-notifications-sms").isSelected()).isFalse();
        assertThat(browser.find(".pc-timeline > li[data-version='1']").getText()).contains("PreferencesCreated")
                .contains("by " + USER);
        assertThat(browser.script("return document.documentElement.scrollWidth")).isEqualTo(
                browser.script("return document.documentElement.clientWidth"));
        browser.screenshot("preferences-320px");
    }

    @Test
    @Order(2)
    void editingWithTheKeyboardAloneSavesWithIfMatchAndShowsTheNewHistoryEntryAtOnce() {
        browser.go("/preferences/");
        browser.awaitText("prefs-preference-center .pc-summary", "version 1");
        tabTo("pc-theme");
        new Actions(browser.driver).sendKeys(Keys.ARROW_DOWN).perform();
        assertThat(browser.find("#pc-theme").getDomProperty("value")).isEqualTo("system");
        tabTo("save");
        new Actions(browser.driver).sendKeys(Keys.ENTER).perform();
        assertThat(browser.awaitText("prefs-preference-center .notice", "Saved").getText()).isEqualTo("Saved.");
        assertThat(browser.find("prefs-preference-center .pc-summary").getText()).contains("version 2");
        assertThat(browser.find(".pc-timeline > li[data-version='2'] li[data-change=theme]").getText())
                .isEqualTo("theme: light → system");
        assertThat(Http.json(admin.get("/api/users/" + USER + "/preferences")).path("theme").asString())
                .isEqualTo("system");
    }

    @Test
    @Order(3)
    void aChangeMadeInAnotherTabMakesThisPageSayItIsStaleAndNothingIsOverwritten() {
        String first = browser.driver.getWindowHandle();
        browser.go("/preferences/");
        browser.awaitText("prefs-preference-center .pc-summary", "version 2");

        browser.driver.switchTo().newWindow(WindowType.TAB);
        browser.go("/preferences/");
        browser.giveToken(token);
        browser.awaitText("prefs-preference-center .pc-summary", "version 2");
        WebElement language = browser.find("#pc-language");
        language.clear();
        language.sendKeys("fr");
        browser.find("button.pc-save").click();
        browser.awaitText("prefs-preference-center .pc-summary", "version 3");
        browser.driver.close();
        browser.driver.switchTo().window(first);

        browser.find("#pc-notifications-push").click();
        browser.find("button.pc-save").click();
        WebElement stale = browser.awaitText("prefs-preference-center .pc-stale", "changed elsewhere");
        assertThat(stale.getText()).contains("Nothing was saved").contains("412");
        browser.screenshot("preferences-stale");
        assertThat(Http.json(admin.get("/api/users/" + USER + "/preferences")).path("notifications").path("push")
                .asBoolean()).as("the stale page's change was not written").isTrue();

        browser.find("button.pc-reload").click();
        browser.awaitText("prefs-preference-center .pc-summary", "version 3");
        assertThat(browser.find("#pc-language").getDomProperty("value")).isEqualTo("fr");
        assertThat(browser.find("#pc-notifications-push").isSelected()).isTrue();
        assertThat(browser.find("prefs-preference-center .pc-stale").isDisplayed()).isFalse();
    }

    @Test
    @Order(4)
    void resetAsksFirstThenClearsEveryChoiceAndTheHistorySaysSo() {
        browser.find("button.pc-reset").click();
        browser.confirm();
        assertThat(browser.awaitText("prefs-preference-center .notice", "Reset").getText())
                .isEqualTo("Reset to the defaults.");
        assertThat(browser.find("#pc-theme").getDomProperty("value")).isEqualTo("dark");
        assertThat(browser.find("#pc-language").getDomProperty("value")).isEqualTo("en");
        assertThat(browser.find(".pc-timeline > li[data-version='4']").getText()).contains("PreferencesReset");
    }

    @Test
    @Order(5)
    void downloadMyDataSavesEverythingStoredAboutTheUserAsTheFileTheServiceNames() throws IOException {
        Path downloads = Files.createDirectories(profile.resolve("downloads"));
        browser.driver.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow",
                "downloadPath", downloads.toAbsolutePath().toString()));
        Path file = downloads.resolve("prefs-export-" + USER + ".json");

        browser.find("button.pc-export").click();

        assertThat(browser.awaitText("prefs-preference-center .notice", "downloaded").getText())
                .isEqualTo("Your data is downloaded.");
        // Chromium writes a partial file first and renames it when the download is complete.
        await("the downloaded file").atMost(Duration.ofSeconds(20)).until(() -> Files.exists(file));
        JsonNode export = JsonMapper.builder().build().readTree(Files.readString(file));
        assertThat(export.path("userId").asString()).isEqualTo(USER);
        assertThat(export.path("preferences").path("version").asLong()).isEqualTo(4);
        assertThat(export.path("history").size()).isEqualTo(4);
        assertThat(export.path("history").get(3).path("type").asString()).isEqualTo("PreferencesReset");
    }

    @Test
    @Order(6)
    void hasNoSeriousAccessibilityViolations() {
        List<Map<String, Object>> violations = browser.seriousAccessibilityViolations();
        assertThat(violations).as("axe-core: %s", violations).isEmpty();
    }

    /** Presses Tab until the element with that id (or the Save button) has the focus. */
    private static void tabTo(String target) {
        await("focus on " + target).atMost(Duration.ofSeconds(10)).until(() -> {
            Object focused = browser.script("const a = document.activeElement; "
                                            + "return a.classList.contains('pc-save') ? 'save' : a.id");
            if (target.equals(focused)) {
                return true;
            }
            new Actions(browser.driver).sendKeys(Keys.TAB).perform();
            return false;
        });
    }
}

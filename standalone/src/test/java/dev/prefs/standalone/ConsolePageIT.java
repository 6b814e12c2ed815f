package dev.prefs.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.prefs.events.ChannelChoices;
import dev.prefs.events.PreferencesCreatedEvent;
import dev.prefs.events.ThemeChangedEvent;
import dev.prefs.platform.security.JwtTokens;
import dev.prefs.query.projection.ProjectionRegistry;
import dev.prefs.query.projection.ProjectionRuntime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The operator console in a real browser, on the standalone process: a rebuild from start to switched, activations
 * back and forth, refusals shown with the API's problem detail, dead letters retried and dropped.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsolePageIT {

    private static final int USERS = 30_000;

    @TempDir
    static Path dataFolder;
    @TempDir
    static Path profile;
    private static ConfigurableApplicationContext app;
    private static Http admin;
    private static Browser browser;

    @BeforeAll
    static void start() {
        Browser.assumeInstalled();
        app = new SpringApplicationBuilder(PrefsApplication.class)
                // Small bulk chunks: the rebuild lasts long enough for its progress to be seen moving.
                .properties("server.port=0", "PREFS_DATA_DIR=" + dataFolder)
                // An argument: the modules' defaults outrank default properties.
                .run("--prefs.query.rebuild.chunk-users=50");
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        admin = new Http(port);
        EventStore events = app.getBean(EventStore.class);
        List<DomainEventMessage<?>> batch = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            // The first three are acme's users; acme's defaults are set below.
            batch.add(event("console-" + i, 0, new PreferencesCreatedEvent("console-" + i, i < 3 ? "acme" : null,
                    i % 2 == 0 ? "light" : "dark", "en", ChannelChoices.NONE)));
            if (batch.size() == 1000) {
                events.publish(batch);
                batch.clear();
            }
        }
        events.publish(event("console-0", 1, new ThemeChangedEvent("console-0", "system")));
        assertThat(admin.send("PATCH", "/api/tenants/acme/defaults",
                "{\"language\":\"de\",\"enforced\":{\"language\":true}}").statusCode()).isEqualTo(200);
        await("acme's defaults and its users in the read model").atMost(Duration.ofSeconds(120)).until(() -> {
            JsonNode tenants = Http.json(admin.get("/admin/tenants")).path("items");
            return tenants.size() == 1 && tenants.get(0).path("users").asLong() == 3;
        });
        await("the live builds to catch up").atMost(Duration.ofSeconds(120)).until(() -> {
            JsonNode projections = Http.json(admin.get("/admin/projections"));
            return StreamSupport.stream(projections.spliterator(), false)
                    .flatMap(p -> StreamSupport.stream(p.path("versions").spliterator(), false))
                    .filter(b -> b.path("status").asString().equals("live"))
                    .allMatch(b -> b.path("lag").asLong() == 0);
        });
        browser = Browser.open(port, profile, 1280);
        browser.go("/console/");
        browser.giveToken(JwtTokens.mint(Http.SECRET, "console-operator", true, Duration.ofHours(1)));
        browser.awaitPresent("article[data-projection=userpreferences] tr[data-status=live]");
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
    void showsEveryProjectionWithItsLiveBuildAndAChartOfIt() {
        WebElement live = browser.find("article[data-projection=userpreferences] tr[data-status=live]");
        assertThat(live.findElement(By.cssSelector("td.progress")).getText())
                .contains("100 %");
        assertThat(browser.find("article[data-projection=userpreferences] .active").getText())
                .startsWith("reads from v");
        browser.awaitPresent("article[data-projection=userpreferences] figure[data-chart] svg[data-samples]");
        String label = browser.find("article[data-projection=userpreferences] figure[data-chart] svg")
                .getAttribute("aria-label");
        assertThat(label).contains("events/s").contains("lag");
        browser.awaitText("#migrations", "Schema version");
        assertThat(browser.all("#migrations-table tbody tr")).isNotEmpty();
        browser.screenshot("console");
    }

    @Test
    @Order(1)
    void listsTheTenantsWithTheirDefaultsWhatTheyEnforceAndTheirUsers() {
        browser.awaitPresent("#tenants tr[data-tenant=acme]");
        WebElement acme = browser.find("#tenants tr[data-tenant=acme]");
        List<String> cells = acme.findElements(By.cssSelector("th, td")).stream().map(WebElement::getText).toList();
        assertThat(cells.subList(0, 5)).containsExactly("acme", "language: de", "language", "3", "1");
        assertThat(browser.all("#tenants tbody tr")).hasSize(1);
        assertThat(browser.find("#more-tenants").isDisplayed()).isFalse();
    }

    @Test
    @Order(1)
    void hasNoSeriousAccessibilityViolations() {
        browser.awaitText("#migrations", "Schema version");
        List<Map<String, Object>> violations = browser.seriousAccessibilityViolations();
        assertThat(violations).as("axe-core: %s", violations).isEmpty();
    }

    @Test
    @Order(2)
    void aRebuildRunsFromStartToSwitchedWithItsProgressMovingAndASecondOneIsRefusedWithTheProblem() {
        browser.find("article[data-projection=userpreferences] button.rebuild").click();
        browser.confirm();
        browser.awaitPresent("article[data-projection=userpreferences] .job .job-state");

        browser.find("article[data-projection=userpreferences] button.rebuild").click();
        browser.confirm();
        assertThat(browser.awaitText("#problem", "409").getText()).contains("409");

        Set<String> states = new LinkedHashSet<>();
        Set<String> progress = new LinkedHashSet<>();
        await("the rebuild to be switched in").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions().until(() -> {
                    String state = browser.find("article[data-projection=userpreferences] .job-state").getText();
                    states.add(state);
                    progress.add(browser.find("article[data-projection=userpreferences] .job-progress")
                            .getAttribute("value"));
                    return state.equals("switched");
                });
        assertThat(states).as("states shown").contains("running").endsWith("switched");
        assertThat(progress.stream().mapToDouble(Double::parseDouble).filter(p -> p > 0 && p < 1).count())
                .as("progress values shown between start and end: %s", progress).isGreaterThanOrEqualTo(2);
        assertThat(browser.find("article[data-projection=userpreferences] .job-percent").getText())
                .contains("100 %");
        browser.screenshot("console-rebuild-switched");
    }

    @Test
    @Order(3)
    void activatingTheStandbyBuildAndBackSwitchesReadsEachTime() {
        String before = activeGeneration();
        activateTheStandby();
        await("reads from the other build").atMost(Duration.ofSeconds(20)).until(() -> !activeGeneration()
                .equals(before));
        assertThat(browser.awaitText("#notice", "now serves reads").getText())
                .contains("g" + activeGeneration());
        activateTheStandby();
        await("reads from the first build again").atMost(Duration.ofSeconds(20))
                .until(() -> activeGeneration().equals(before));
        assertThat(Http.json(admin.get("/admin/projections")).findValues("activeGeneration").stream()
                .map(JsonNode::asString).toList()).contains(before);
        browser.screenshot("console-activated-back");
    }

    @Test
    @Order(5)
    void aDeadLetterIsShownAndRetried() {
        String group = park("console-0");
        browser.awaitText("article.dead-letter-group[data-group='" + group + "']", "1 parked");
        assertThat(browser.find("article.dead-letter-group[data-group='" + group + "'] tbody td").getText())
                .isEqualTo("console-0");
        browser.screenshot("console-dead-letter");
        browser.find("article.dead-letter-group[data-group='" + group + "'] button.retry").click();
        browser.confirm();
        assertThat(browser.awaitText("#notice", "Retried").getText())
                .contains("1 sequence(s) processed, 0 still parked");
        browser.awaitText("#dead-letters", "None.");
    }

    @Test
    @Order(6)
    void aDeadLetterIsDropped() {
        String group = park("console-1");
        browser.awaitText("article.dead-letter-group[data-group='" + group + "']", "1 parked");
        browser.find("article.dead-letter-group[data-group='" + group + "'] button.drop").click();
        browser.confirm();
        assertThat(browser.awaitText("#notice", "Dropped").getText()).contains("Dropped 1 parked event(s)");
        browser.awaitText("#dead-letters", "None.");
        assertThat(Http.json(admin.get("/admin/dead-letters")).size()).isZero();
    }

    private static String activeGeneration() {
        return browser.find("article[data-projection=userpreferences] .active").getAttribute("data-generation");
    }

    private static void activateTheStandby() {
        browser.awaitPresent("article[data-projection=userpreferences] tr[data-status=standby] button.activate");
        browser.find("article[data-projection=userpreferences] tr[data-status=standby] button.activate").click();
        browser.confirm();
    }

    /** Parks the user's last event in the live userpreferences build's dead-letter queue, as a failing fold would. */
    private static String park(String userId) {
        ProjectionRegistry registry = app.getBean(ProjectionRegistry.class);
        ProjectionRuntime runtime = app.getBean(ProjectionRuntime.class);
        var live = registry.live("userpreferences").orElseThrow();
        List<? extends DomainEventMessage<?>> history = app.getBean(EventStore.class).readEvents(userId)
                .asStream().toList();
        EventMessage<?> last = history.get(history.size() - 1);
        runtime.deadLetters(runtime.build(live).orElseThrow())
                .enqueue(userId, new GenericDeadLetter<>(userId, last, new IllegalStateException("test: a fold failed")));
        return live.processingGroup();
    }

    private static DomainEventMessage<?> event(String userId, long sequence, Object payload) {
        return new GenericDomainEventMessage<>("UserPreferences", userId, sequence, payload,
                MetaData.with("sub", "console-test"));
    }
}

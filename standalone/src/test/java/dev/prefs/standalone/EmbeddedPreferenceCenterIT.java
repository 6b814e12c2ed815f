package dev.prefs.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.prefs.platform.security.JwtTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The preference center inside another application's page, on another origin: framed and handed the token by
 * postMessage, and put in with its script tag and handed the token by a JS call (its calls then cross origins).
 */
class EmbeddedPreferenceCenterIT {

    private static final String USER = "embed-dora";

    @TempDir
    static Path dataFolder;
    @TempDir
    static Path profile;
    private static HttpServer host;
    private static ConfigurableApplicationContext app;
    private static Browser browser;
    private static String hostOrigin;
    private static String prefsOrigin;
    private static String token;

    @BeforeAll
    static void start() throws IOException {
        Browser.assumeInstalled();
        host = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hostOrigin = "http://127.0.0.1:" + host.getAddress().getPort();
        app = new SpringApplicationBuilder(PrefsApplication.class)
                .properties("server.port=0", "PREFS_DATA_DIR=" + dataFolder)
                // An argument: the modules' defaults (PREFS_WEB_EMBED_ORIGINS, empty) outrank default properties.
                .run("--prefs.web.embed-origins=" + hostOrigin);
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        prefsOrigin = "http://localhost:" + port;
        token = JwtTokens.mint(Http.SECRET, USER, false, Duration.ofHours(1));
        assertThat(new Http(port).as(token).send("POST", "/api/users/" + USER + "/preferences",
                "{\"theme\":\"light\"}").statusCode()).isEqualTo(201);
        serve("/framed", """
                <!doctype html><html lang="en"><head><title>An application</title></head><body>
                <iframe id="prefs" title="Preferences" src="%s/preferences/" width="400" height="700"></iframe>
                <script>
                  const frame = document.getElementById('prefs');
                  window.addEventListener('message', (event) => {
                    if (event.source === frame.contentWindow && event.data.type === 'prefs-ready') {
                      frame.contentWindow.postMessage({type: 'prefs-token', token: '%s'}, '%s');
                    }
                  });
                </script></body></html>""".formatted(prefsOrigin, token, prefsOrigin));
        serve("/scripted", """
                <!doctype html><html lang="en"><head><title>An application</title>
                <script type="module" src="%s/preferences/preference-center.js"></script></head><body>
                <main><prefs-preference-center></prefs-preference-center></main>
                <script type="module">
                  await customElements.whenDefined('prefs-preference-center');
                  document.querySelector('prefs-preference-center').setToken('%s');
                </script></body></html>""".formatted(prefsOrigin, token));
        host.start();
        browser = Browser.open(port, profile, 1024);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (app != null) {
            app.close();
        }
        if (host != null) {
            host.stop(0);
        }
    }

    @Test
    void framedByAnAllowedOriginItTakesTheTokenByPostMessage() {
        browser.driver.get(hostOrigin + "/framed");
        browser.awaitPresent("iframe#prefs");
        browser.driver.switchTo().frame(browser.find("iframe#prefs"));
        browser.awaitText("prefs-preference-center .pc-summary", "User " + USER);
        assertThat(browser.find("#pc-theme").getDomProperty("value")).isEqualTo("light");
        assertThat(browser.find("#token-form").isDisplayed()).as("no token form when framed").isFalse();
        browser.driver.switchTo().defaultContent();
        browser.screenshot("preferences-framed");
    }

    @Test
    void putInWithItsScriptTagItReadsAndWritesAcrossOrigins() {
        browser.driver.get(hostOrigin + "/scripted");
        browser.awaitText("prefs-preference-center .pc-summary", "User " + USER);
        browser.find("#pc-notifications-sms").click();
        browser.find("button.pc-save").click();
        assertThat(browser.awaitText("prefs-preference-center .notice", "Saved").getText()).isEqualTo("Saved.");
        assertThat(browser.find("#pc-notifications-sms").isSelected()).isTrue();
        assertThat(browser.find("prefs-preference-center .pc-summary").getText()).contains("version 2");
    }

    private static void serve(String path, String html) {
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        host.createContext(path, exchange -> {
            try (exchange) {
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}

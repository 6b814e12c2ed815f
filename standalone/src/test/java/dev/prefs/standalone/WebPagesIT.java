package dev.prefs.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pages as HTTP serves them: open without a token, under a strict Content-Security-Policy. */
class WebPagesIT {

    @TempDir
    static Path dataFolder;
    private static ConfigurableApplicationContext app;
    private static Http anonymous;

    @BeforeAll
    static void start() {
        app = StandaloneRestartIT.start(dataFolder);
        anonymous = new Http(((WebServerApplicationContext) app).getWebServer().getPort(), null);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/console/", "/preferences/", "/console/console.js", "/preferences/preference-center.js",
                            "/preferences/shared/session.js", "/console/shared/prefs.css"})
    void pagesAndTheirAssetsAreServedWithoutATokenUnderAStrictPolicy(String path) {
        HttpResponse<String> page = anonymous.get(path);
        assertThat(page.statusCode()).isEqualTo(200);
        String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(policy).contains("default-src 'none'", "script-src 'self'", "style-src 'self'",
                "frame-ancestors 'self'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(page.headers().firstValue("X-Frame-Options")).as("frame-ancestors decides").isEmpty();
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    }

    @Test
    void thePagesCarryNoInlineScriptOrStyle() {
        for (String path : new String[] {"/console/", "/preferences/"}) {
            String html = anonymous.get(path).body();
            assertThat(html).contains("<script type=\"module\" src=").doesNotContain("style=")
                    .doesNotContainPattern("<script(?![^>]*\\ssrc=)[^>]*>").doesNotContain("<style");
        }
    }

    @Test
    void withoutTheTrailingSlashThePagesRedirect() {
        HttpResponse<String> console = anonymous.get("/console");
        assertThat(console.statusCode()).isEqualTo(302);
        assertThat(console.headers().firstValue("Location").orElseThrow()).endsWith("/console/");
    }

    @Test
    void theConfigurationSaysWhereWritesGo() {
        HttpResponse<String> config = anonymous.get("/preferences/config.json");
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(Http.json(config).path("commandBaseUrl").asString()).isEmpty();
    }

    @Test
    void theApiStillWantsAToken() {
        assertThat(anonymous.get("/admin/projections").statusCode()).isEqualTo(401);
        assertThat(anonymous.get("/api/users/x/preferences").statusCode()).isEqualTo(401);
    }
}

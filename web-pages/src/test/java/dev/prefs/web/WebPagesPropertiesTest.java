package dev.prefs.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class WebPagesPropertiesTest {

    @Test
    void byDefaultThePagesTalkToAndAreFramedByTheirOwnOriginOnly() {
        String policy = new WebPagesProperties(null, null).contentSecurityPolicy();
        assertThat(policy).contains("default-src 'none'", "script-src 'self'", "style-src 'self'",
                "connect-src 'self';", "frame-ancestors 'self';", "base-uri 'none'")
                .doesNotContain("unsafe");
    }

    @Test
    void theCommandSideAndTheEmbeddingOriginsJoinThePolicyAsOrigins() {
        WebPagesProperties properties = new WebPagesProperties(" http://commands.example:8080/ ",
                List.of("https://app.example/", " https://other.example "));
        assertThat(properties.commandBaseUrl()).isEqualTo("http://commands.example:8080");
        assertThat(properties.contentSecurityPolicy())
                .contains("connect-src 'self' http://commands.example:8080;")
                .contains("frame-ancestors 'self' https://app.example https://other.example;");
    }

    @Test
    void aValueThatIsNotAnHttpOriginIsRefusedAtStart() {
        assertThatThrownBy(() -> new WebPagesProperties("commands.example", null))
                .hasMessageContaining("prefs.web.command-base-url");
        assertThatThrownBy(() -> new WebPagesProperties(null, List.of("'unsafe-inline'")))
                .hasMessageContaining("prefs.web.embed-origins");
        assertThatThrownBy(() -> new WebPagesProperties(null, List.of("javascript:alert(1)")))
                .hasMessageContaining("prefs.web.embed-origins");
    }
}

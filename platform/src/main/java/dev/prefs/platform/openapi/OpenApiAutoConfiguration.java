package dev.prefs.platform.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springdoc.core.customizers.GlobalOperationCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/**
 * The parts of the OpenAPI document that every Prefs process shares: title, version and description, the bearer JWT
 * scheme, the {@code ProblemDetail} schema, and the error answers every protected operation has (400, 401, 403, 406, 503). Each
 * process documents the paths it serves; the controllers add their own summaries, success answers and
 * {@link Problem}s.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(GlobalOpenApiCustomizer.class)
public class OpenApiAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    OpenAPI prefsOpenApi() {
        return PrefsDocument.base(projectVersion());
    }

    @Bean
    GlobalOperationCustomizer prefsProblemAnswers() {
        return new ProblemAnswers();
    }

    @Bean
    GlobalOpenApiCustomizer prefsProtectedPaths() {
        return new ProtectedPaths();
    }

    private static String projectVersion() {
        Properties properties = new Properties();
        try (InputStream in = OpenApiAutoConfiguration.class.getResourceAsStream("/prefs/openapi.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version");
    }
}

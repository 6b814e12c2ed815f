package dev.prefs.platform.problem;

import org.apache.catalina.core.StandardHost;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractJacksonHttpMessageConverter;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every Prefs process answers errors the same way, so the one error controller lives here rather than in each side
 * (the standalone process has both). Runs before Spring Boot's error configuration, whose controller then steps back.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(ErrorController.class)
public class ProblemErrorAutoConfiguration {

    @Bean
    ProblemErrorController problemErrorController() {
        return new ProblemErrorController();
    }

    /**
     * Success bodies of Prefs' controllers are {@code application/json}, whatever {@code Accept} lists. The YAML
     * converter goes: it is there only because the OpenAPI library brings a YAML parser, and Prefs neither reads nor
     * answers YAML (the OpenAPI document's own YAML is written by that library, not through the converters).
     */
    @Bean
    ServerHttpMessageConvertersCustomizer jsonSuccessBodies() {
        return builder -> builder.configureMessageConvertersList(converters -> {
            converters.removeIf(converter -> converter.getSupportedMediaTypes().stream()
                    .anyMatch(type -> type.equalsTypeAndSubtype(MediaType.APPLICATION_YAML)));
            converters.replaceAll(converter -> converter instanceof AbstractJacksonHttpMessageConverter<?> jackson
                    ? new JsonSuccessBodies(jackson) : converter);
        });
    }

    /** Errors Tomcat answers before any servlet runs (malformed URLs and headers) as problem details too. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.apache.catalina.startup.Tomcat")
    static class TomcatErrorReports {

        @Bean
        WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReportValve() {
            return factory -> {
                factory.addContextCustomizers(context -> {
                    if (context.getParent() instanceof StandardHost host) {
                        host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                    }
                });
                // Tomcat answers TRACE itself, with an Allow naming the servlet's methods rather than the path's;
                // let it through to Spring MVC (spring.mvc.dispatch-trace-request), which serves TRACE nowhere
                // and answers 405 with the path's own Allow. Nothing echoes the request.
                factory.addConnectorCustomizers(connector -> connector.setAllowTrace(true));
            };
        }

        /** Runs before every other filter, so nothing reads a query string or media type that cannot be parsed. */
        @Bean
        FilterRegistrationBean<RequestSyntaxCheck> requestSyntaxCheck(
                @Value("${server.tomcat.max-parameter-count:1000}") int maxParameters) {
            FilterRegistrationBean<RequestSyntaxCheck> registration =
                    new FilterRegistrationBean<>(new RequestSyntaxCheck(maxParameters));
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
            return registration;
        }
    }
}

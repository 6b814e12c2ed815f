package dev.prefs.web;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;

/**
 * Serves the operator console at {@code /console/} and the preference center at {@code /preferences/}: static ES
 * modules from this jar, open to anyone (they hold no data; every call they make carries the bearer token the user
 * gives them), under a Content-Security-Policy without {@code unsafe-inline}.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(WebPagesProperties.class)
public class WebPagesAutoConfiguration implements WebMvcConfigurer {

    static final String[] PAGES = {"/console", "/console/**", "/preferences", "/preferences/**"};
    private static final String ASSETS = "classpath:/prefs-web/";

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        // Revalidated on every load (ETag from the jar's timestamps): an upgrade is never half-seen.
        // Each page sees the shared modules under its own path, so both stay inside the pages' security rules.
        for (String page : List.of("console", "preferences")) {
            registry.addResourceHandler("/" + page + "/**").addResourceLocations(ASSETS + page + "/")
                    .setCacheControl(CacheControl.noCache());
            registry.addResourceHandler("/" + page + "/shared/**").addResourceLocations(ASSETS + "shared/")
                    .setCacheControl(CacheControl.noCache());
        }
    }

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        // Relative asset URLs need the trailing slash.
        registry.addRedirectViewController("/console", "/console/");
        registry.addRedirectViewController("/preferences", "/preferences/");
        registry.addViewController("/console/").setViewName("forward:/console/index.html");
        registry.addViewController("/preferences/").setViewName("forward:/preferences/index.html");
    }

    /** What the pages need to know of the deployment; not an API operation, so not in the OpenAPI document. */
    @Bean
    SimpleUrlHandlerMapping webPagesConfiguration(WebPagesProperties properties) {
        byte[] body = ("{\"commandBaseUrl\":\"" + properties.commandBaseUrl().replace("\\", "\\\\")
                .replace("\"", "\\\"") + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpRequestHandler handler = (request, response) -> {
            if (!HttpMethod.GET.matches(request.getMethod()) && !HttpMethod.HEAD.matches(request.getMethod())) {
                response.setHeader("Allow", "GET, HEAD");
                response.sendError(405);
                return;
            }
            response.setContentType("application/json");
            response.setHeader("Cache-Control", "no-cache");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        };
        SimpleUrlHandlerMapping mapping = new SimpleUrlHandlerMapping(
                Map.of("/console/config.json", handler, "/preferences/config.json", handler));
        mapping.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return mapping;
    }

    /** Before the API's chain, which wants a token everywhere: the pages themselves are open. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain webPagesSecurity(HttpSecurity http, WebPagesProperties properties) throws Exception {
        return http.securityMatcher(PAGES)
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(properties.contentSecurityPolicy()))
                        // frame-ancestors says who may frame the pages; X-Frame-Options could only say nobody.
                        .frameOptions(frame -> frame.disable())
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER)))
                .build();
    }

    /**
     * An application that embeds the preference center with its script tag calls the user paths from its own
     * origin: allowed for the configured origins only, before the security chain (a preflight carries no token).
     */
    @Bean
    FilterRegistrationBean<CorsFilter> webPagesCors(WebPagesProperties properties) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        if (!properties.embedOrigins().isEmpty()) {
            CorsConfiguration api = new CorsConfiguration();
            api.setAllowedOrigins(properties.embedOrigins());
            api.setAllowedMethods(List.of("GET", "HEAD", "POST", "PATCH", "DELETE"));
            api.setAllowedHeaders(List.of("Authorization", "Content-Type", "If-Match", "If-None-Match",
                    "Idempotency-Key"));
            api.setExposedHeaders(List.of("ETag", "Retry-After", "Location"));
            api.setMaxAge(600L);
            source.registerCorsConfiguration("/api/users/**", api);
            source.registerCorsConfiguration("/api/tenants/*/defaults", api);
            CorsConfiguration assets = new CorsConfiguration();
            assets.setAllowedOrigins(properties.embedOrigins());
            assets.setAllowedMethods(List.of("GET", "HEAD"));
            source.registerCorsConfiguration("/preferences/**", assets);
        }
        FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(new CorsFilter(source));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setEnabled(!properties.embedOrigins().isEmpty());
        return registration;
    }
}

package dev.prefs.platform.security;

import java.util.Map;
import java.util.function.BiPredicate;
import org.springframework.http.HttpMethod;
import java.util.function.Supplier;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Who may do what, for every Prefs process (the rules are the same for both sides, and the standalone process has
 * both): every {@code /api/**} and {@code /admin/**} request needs a bearer JWT; a caller reaches only
 * {@code /api/users/<its sub>/**}; the list, the stats, {@code /admin/**} and actuator endpoints other than health need the
 * {@value JwtTokens#ADMIN_SCOPE} scope; health and the OpenAPI document are open.
 * <p>
 * Tokens are checked with the HS256 secret {@code PREFS_JWT_SECRET}, or against an issuer's keys
 * ({@code spring.security.oauth2.resourceserver.jwt.issuer-uri} or {@code jwk-set-uri}). Runs before Spring Boot's
 * security configurations, whose defaults then step back.
 */
@AutoConfiguration(beforeName = {
        "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(SecurityFilterChain.class)
@EnableWebSecurity
public class SecurityAutoConfiguration {

    static final String ADMIN = "SCOPE_" + JwtTokens.ADMIN_SCOPE;
    private static final String ISSUER = "spring.security.oauth2.resourceserver.jwt.issuer-uri";
    private static final String JWK_SET = "spring.security.oauth2.resourceserver.jwt.jwk-set-uri";

    @Bean
    JwtDecoder jwtDecoder(Environment environment, ObjectProvider<FallbackJwtSecret> fallback) {
        String secret = environment.getProperty("prefs.security.jwt-secret",
                environment.getProperty("PREFS_JWT_SECRET", ""));
        NimbusJwtDecoder decoder;
        OAuth2TokenValidator<Jwt> defaults;
        if (!secret.isEmpty() || noIssuer(environment) && fallback.getIfAvailable() != null) {
            String key = !secret.isEmpty() ? secret : fallback.getObject().secret();
            decoder = NimbusJwtDecoder.withSecretKey(new SecretKeySpec(JwtTokens.secretBytes(key), "HmacSHA256"))
                    .macAlgorithm(MacAlgorithm.HS256)
                    .build();
            defaults = JwtValidators.createDefault();
        } else if (environment.getProperty(JWK_SET) != null) {
            decoder = NimbusJwtDecoder.withJwkSetUri(environment.getProperty(JWK_SET)).build();
            defaults = environment.getProperty(ISSUER) != null
                    ? JwtValidators.createDefaultWithIssuer(environment.getProperty(ISSUER))
                    : JwtValidators.createDefault();
        } else if (environment.getProperty(ISSUER) != null) {
            return JwtDecoders.fromIssuerLocation(environment.getProperty(ISSUER));
        } else {
            throw new MissingTokenConfigurationException();
        }
        // Every token must say who it is for and when it ends: a token that never expires is refused.
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(defaults,
                new JwtClaimValidator<>(JwtClaimNames.SUB, sub -> sub instanceof String s && !s.isBlank()),
                new JwtClaimValidator<>(JwtClaimNames.EXP, exp -> exp != null)));
        return decoder;
    }

    @Bean
    SecurityFilterChain prefsSecurity(HttpSecurity http, JwtDecoder decoder) throws Exception {
        return http
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/v3/api-docs", "/v3/api-docs/**",
                                "/swagger-ui.html", "/swagger-ui/**", "/error").permitAll()
                        .requestMatchers("/admin/**", "/actuator/**").hasAuthority(ADMIN)
                        // Every method, not only GET: HEAD is answered by the GET handler, and any other method
                        // is a 405 that an admin may see and a user need not.
                        .requestMatchers("/api/preferences", "/api/preferences/stats").access(callerIs(
                                (caller, path) -> caller.admin() || caller.tenantAdmin()))
                        .requestMatchers("/api/users/{userId}/**").access(callerIs((caller, path) ->
                                caller.mayTouchUser(path.get("userId"), null) || caller.tenantAdmin()))
                        .requestMatchers(HttpMethod.GET, "/api/tenants/{tenantId}/defaults",
                                "/api/tenants/{tenantId}/defaults/history").authenticated()
                        .requestMatchers(HttpMethod.HEAD, "/api/tenants/{tenantId}/defaults",
                                "/api/tenants/{tenantId}/defaults/history").authenticated()
                        .requestMatchers("/api/tenants/{tenantId}/**").access(callerIs(
                                (caller, path) -> caller.administers(path.get("tenantId"))))
                        .requestMatchers("/api/changes").access(callerIs(
                                (caller, path) -> caller.followsChanges() || caller.tenantAdmin()))
                        .anyRequest().authenticated())
                .oauth2ResourceServer(server -> server
                        .jwt(jwt -> jwt.decoder(decoder))
                        .authenticationEntryPoint(ProblemResponses.unauthorized())
                        .accessDeniedHandler(ProblemResponses.forbidden()))
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint(ProblemResponses.unauthorized())
                        .accessDeniedHandler(ProblemResponses.forbidden()))
                .build();
    }

    /**
     * Spring Security refuses a method outside the standard seven with a bare 400. Let every method through to the
     * rules above (which hold for every method) and on to Spring MVC, which answers a method a path does not serve
     * (PROPFIND, QUERY, FOO alike) 405 with the path's Allow.
     */
    @Bean
    WebSecurityCustomizer anyMethodReachesTheRules() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setUnsafeAllowAnyHttpMethod(true);
        return web -> web.httpFirewall(firewall);
    }

    /**
     * A rule on the {@link Caller} and the path's variables. These are the rules that need no data; where the answer
     * depends on stored data (a user's tenant, for a tenant admin; a reader's own tenant, for tenant defaults), the
     * filter lets the caller through and the handler decides with the same {@link Caller} methods. A request
     * without a token is anonymous, and Spring counts an anonymous caller as authenticated (named
     * {@code anonymousUser}): it is refused here, or it would reach {@code /api/users/anonymousUser/**}.
     */
    static AuthorizationManager<RequestAuthorizationContext> callerIs(
            BiPredicate<Caller, Map<String, String>> rule) {
        AuthenticationTrustResolver trust = new AuthenticationTrustResolverImpl();
        return (Supplier<? extends Authentication> authentication, RequestAuthorizationContext context) -> {
            Authentication caller = authentication.get();
            if (!trust.isAuthenticated(caller) || !(caller.getPrincipal() instanceof Jwt token)) {
                return new AuthorizationDecision(false);
            }
            return new AuthorizationDecision(rule.test(Caller.of(token), context.getVariables()));
        };
    }

    private static boolean noIssuer(Environment environment) {
        return environment.getProperty(ISSUER) == null && environment.getProperty(JWK_SET) == null;
    }
}

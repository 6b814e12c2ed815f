package dev.prefs.platform.security;

import dev.prefs.platform.problem.ProblemBodies;
import dev.prefs.platform.problem.ProblemType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * 401 and 403 as problem details, like every other error of the API, with the {@code WWW-Authenticate} header
 * Spring Security's bearer-token handlers set. A 401's detail says why the token was refused (missing, malformed,
 * expired at T, badly signed, wrong issuer, a claim missing) in words of ours; it never repeats the token.
 */
final class ProblemResponses {

    private static final Pattern EXPIRED_AT = Pattern.compile("expired at (\\S+)");

    private ProblemResponses() {
    }

    static AuthenticationEntryPoint unauthorized() {
        BearerTokenAuthenticationEntryPoint headers = new BearerTokenAuthenticationEntryPoint();
        return (request, response, exception) -> {
            headers.commence(request, response, exception);
            ProblemBodies.write(request, response, ProblemType.UNAUTHORIZED, reason(exception));
        };
    }

    static AccessDeniedHandler forbidden() {
        BearerTokenAccessDeniedHandler headers = new BearerTokenAccessDeniedHandler();
        return (request, response, exception) -> {
            headers.handle(request, response, exception);
            ProblemBodies.write(request, response, ProblemType.FORBIDDEN,
                    "This token may not do that: users reach only their own preferences, admins everything");
        };
    }

    /** Why a request was not authenticated, from the error Spring Security describes in WWW-Authenticate. */
    static String reason(AuthenticationException exception) {
        if (!(exception instanceof OAuth2AuthenticationException oauth)) {
            return "The request has no bearer token: send Authorization: Bearer <JWT>";
        }
        String description = oauth.getError().getDescription() == null ? ""
                : oauth.getError().getDescription();
        String lower = description.toLowerCase(Locale.ROOT);
        Matcher expired = EXPIRED_AT.matcher(description);
        if (expired.find()) {
            return "The bearer token expired at " + expired.group(1);
        }
        if (lower.contains("signature")) {
            return "The bearer token's signature does not verify: it was not signed with a key this service trusts";
        }
        if (lower.contains("iss claim") || lower.contains("issuer")) {
            return "The bearer token was issued by an issuer this service does not trust";
        }
        if (lower.contains("sub claim")) {
            return "The bearer token names no subject (sub claim)";
        }
        if (lower.contains("exp claim")) {
            return "The bearer token has no expiry (exp claim); tokens that never expire are refused";
        }
        if (lower.contains("algorithm") || lower.contains("unsigned") || lower.contains("plain")) {
            return "The bearer token is not signed the way this service requires";
        }
        if (lower.contains("malformed") || lower.contains("decode") || lower.contains("parse")
            || lower.contains("invalid jwt") || lower.contains("serialization")) {
            return "The bearer token is malformed: it is not a JWT";
        }
        return "The bearer token is not valid";
    }

}

package dev.prefs.platform.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * 401 and 403 as problem details, like every other error of the API, with the {@code WWW-Authenticate} header
 * Spring Security's bearer-token handlers set. The detail never repeats the token or why exactly it failed.
 */
final class ProblemResponses {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProblemResponses() {
    }

    static AuthenticationEntryPoint unauthorized() {
        BearerTokenAuthenticationEntryPoint headers = new BearerTokenAuthenticationEntryPoint();
        return (request, response, exception) -> {
            headers.commence(request, response, exception);
            write(request, response, 401, "unauthorized", "Unauthorized",
                    "A valid bearer token is required: Authorization: Bearer <JWT>");
        };
    }

    static AccessDeniedHandler forbidden() {
        BearerTokenAccessDeniedHandler headers = new BearerTokenAccessDeniedHandler();
        return (request, response, exception) -> {
            headers.handle(request, response, exception);
            write(request, response, 403, "forbidden", "Forbidden",
                    "This token may not do that: users reach only their own preferences, admins everything");
        };
    }

    private static void write(HttpServletRequest request, HttpServletResponse response, int status, String type,
                              String title, String detail) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "urn:prefs:problem:" + type);
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(JSON.writeValueAsBytes(problem));
    }
}

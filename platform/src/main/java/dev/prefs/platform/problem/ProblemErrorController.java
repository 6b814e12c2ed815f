package dev.prefs.platform.problem;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Answers every error that no controller's exception handler turned into a problem (a path nothing serves, a method
 * a path does not allow, anything the servlet container forwards to {@code /error}) as RFC 9457 problem details,
 * like every other error of the API. Replaces Spring Boot's default error JSON; never shows an exception's message
 * or a stack trace.
 */
@Controller
@RequestMapping("${server.error.path:/error}")
class ProblemErrorController implements ErrorController {

    @RequestMapping
    ResponseEntity<ProblemDetail> error(HttpServletRequest request, HttpServletResponse response) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (!(code instanceof Integer)) {
            // Not an error dispatch: a client asked for the error path itself, which serves nothing.
            code = 404;
            path = request.getRequestURI();
        }
        ProblemType type = ProblemType.forStatus((Integer) code);
        ProblemDetail problem = type.problem(detail(type, path));
        if (path instanceof String uri && !uri.isEmpty()) {
            problem.setInstance(URI.create(uri.replace(" ", "%20")));
        }
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(type.status())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        String allow = response.getHeader(HttpHeaders.ALLOW);
        if (type == ProblemType.METHOD_NOT_ALLOWED && allow != null) {
            answer.header(HttpHeaders.ALLOW, served(allow));
        }
        return answer.body(problem);
    }

    /**
     * Spring MVC's 405 lists the methods mapped to the path; the path serves HEAD too wherever it serves GET, and
     * OPTIONS everywhere (as its OPTIONS answer says), so the Allow of a 405 says the same.
     */
    static String served(String mapped) {
        Set<String> methods = Arrays.stream(mapped.split(","))
                .map(String::strip)
                .filter(method -> !method.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
        if (methods.contains("GET")) {
            methods.add("HEAD");
        }
        methods.add("OPTIONS");
        return String.join(", ", methods);
    }

    private static String detail(ProblemType type, Object path) {
        return switch (type) {
            case PATH_NOT_FOUND -> "Nothing is served at " + path;
            case METHOD_NOT_ALLOWED -> "That method is not allowed on " + path + "; see the Allow header";
            case INTERNAL_ERROR -> "The server could not complete the request; the failure has been logged";
            case MALFORMED_REQUEST -> "The request could not be read: its URL, query string or headers are malformed";
            default -> type.meaning();
        };
    }
}

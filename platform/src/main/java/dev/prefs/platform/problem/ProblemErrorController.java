package dev.prefs.platform.problem;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
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
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        HttpStatus status = status(request);
        Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail(status, path));
        problem.setType(URI.create("urn:prefs:problem:http-" + status.value()));
        problem.setTitle(status.getReasonPhrase());
        if (path instanceof String uri && !uri.isEmpty()) {
            problem.setInstance(URI.create(uri.replace(" ", "%20")));
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static HttpStatus status(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value ? HttpStatus.resolve(value) : null;
        return status == null || !status.isError() ? HttpStatus.INTERNAL_SERVER_ERROR : status;
    }

    private static String detail(HttpStatus status, Object path) {
        return switch (status) {
            case NOT_FOUND -> "Nothing is served at " + path;
            case METHOD_NOT_ALLOWED -> "That method is not allowed on " + path + "; see the Allow header";
            default -> status.is5xxServerError()
                    ? "The server could not complete the request; the failure has been logged"
                    : status.getReasonPhrase();
        };
    }
}

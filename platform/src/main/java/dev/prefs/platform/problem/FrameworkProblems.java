package dev.prefs.platform.problem;

import java.util.List;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;

/**
 * Spring MVC's own errors (415, 406, 405, a missing header, ...) as problems of the catalogue: the type its status
 * stands for, and a detail that tells the client what would have been accepted. Both sides' exception handlers use
 * it, so the same framework error reads the same on either side.
 */
public final class FrameworkProblems {

    private FrameworkProblems() {
    }

    /** The problem for {@code error}; {@link #headers} gives the headers to answer with. */
    public static ProblemDetail problem(ErrorResponse error) {
        ProblemType type = ProblemType.forStatus(error.getStatusCode().value());
        String detail;
        if (error instanceof HttpMediaTypeNotSupportedException e) {
            detail = unsupported(e);
        } else if (error instanceof HttpMediaTypeNotAcceptableException e) {
            detail = "None of the media types in Accept can be answered; this path answers "
                     + names(e.getSupportedMediaTypes());
        } else if (error instanceof HttpRequestMethodNotSupportedException e) {
            detail = "The method " + e.getMethod() + " is not served here; see the Allow header";
        } else {
            detail = error.getBody().getDetail() != null ? error.getBody().getDetail() : type.meaning();
        }
        ProblemDetail problem = type.problem(detail);
        problem.setInstance(error.getBody().getInstance());
        return problem;
    }

    /** The error's own headers, with an Allow that lists every method the path serves. */
    public static HttpHeaders headers(ErrorResponse error) {
        HttpHeaders headers = new HttpHeaders();
        headers.putAll(error.getHeaders());
        String allow = headers.getFirst(HttpHeaders.ALLOW);
        if (error instanceof HttpRequestMethodNotSupportedException e && e.getSupportedMethods() != null) {
            headers.set(HttpHeaders.ALLOW, ProblemErrorController.served(String.join(",", e.getSupportedMethods())));
        } else if (allow != null) {
            headers.set(HttpHeaders.ALLOW, ProblemErrorController.served(allow));
        }
        return headers;
    }

    /** Every 415 names the media types that would have been accepted. */
    public static String unsupported(HttpMediaTypeNotSupportedException e) {
        String sent = e.getContentType() == null ? "A body without a valid Content-Type"
                : "Content-Type " + e.getContentType();
        return sent + " is not accepted here; send the body as " + names(e.getSupportedMediaTypes());
    }

    private static String names(List<MediaType> types) {
        return types.stream().map(MediaType::toString).distinct().collect(Collectors.joining(" or "));
    }
}

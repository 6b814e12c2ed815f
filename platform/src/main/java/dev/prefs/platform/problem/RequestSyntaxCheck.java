package dev.prefs.platform.problem;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.apache.tomcat.util.http.Parameters;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, with a 400 problem and before anything else runs, the parts of a request head that the framework only
 * parses lazily and then fails on with an exception (a 500 and an ERROR in the log) wherever it happens to read
 * them first: a controller, the actuator, a filter.
 * <ul>
 * <li>A query string Tomcat cannot parse (a parameter with an empty name, a broken percent-escape, bytes that are not
 * UTF-8, more parameters than the connector allows). It is parsed alone, with Tomcat's own parser and limit, so the
 * check refuses exactly what Tomcat would; the body is never read.</li>
 * <li>An {@code Accept} or {@code Content-Type} that is not media types, or a {@code Content-Type} with a
 * wildcard.</li>
 * </ul>
 * Empty elements of the {@code Accept} list are dropped rather than refused, as RFC 9110 (5.6.1.2) asks.
 */
class RequestSyntaxCheck extends OncePerRequestFilter {


    private final int maxParameters;

    RequestSyntaxCheck(int maxParameters) {
        this.maxParameters = maxParameters;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String query = request.getQueryString();
        if (query != null && !parses(query)) {
            refuse(request, response, "The query string is malformed: every parameter needs a name, and % must start"
                                      + " an escape of two hex digits encoding UTF-8");
            return;
        }
        List<String> accept = Collections.list(request.getHeaders(HttpHeaders.ACCEPT));
        String acceptable = accept.isEmpty() ? null : accept.stream()
                .flatMap(value -> List.of(value.split(",")).stream())
                .map(String::strip)
                .filter(element -> !element.isEmpty())
                .collect(Collectors.joining(", "));
        if (acceptable != null && !acceptable.isEmpty() && !mediaTypes(acceptable)) {
            refuse(request, response, "The Accept header is malformed: it must list media types such as"
                                      + " application/json, each with at most a q between 0 and 1");
            return;
        }
        String contentType = request.getContentType();
        if (contentType != null && !concrete(contentType)) {
            refuse(request, response, "The Content-Type header is malformed: it must be one media type such as"
                                      + " application/json, without wildcards");
            return;
        }
        chain.doFilter(acceptable == null || accept.equals(List.of(acceptable)) ? request
                : new AcceptWithoutEmptyElements(request, acceptable), response);
    }

    private boolean parses(String query) {
        Parameters parameters = new Parameters();
        parameters.setLimit(maxParameters);
        parameters.setCharset(StandardCharsets.UTF_8);
        byte[] bytes = query.getBytes(StandardCharsets.UTF_8);
        try {
            parameters.processParameters(bytes, 0, bytes.length);
            return true;
        } catch (InvalidParameterException e) {
            return false;
        }
    }

    private static boolean mediaTypes(String value) {
        try {
            MediaType.parseMediaTypes(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean concrete(String value) {
        try {
            MediaType type = MediaType.parseMediaType(value);
            return !type.isWildcardType() && !type.isWildcardSubtype();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, String detail)
            throws IOException {
        ProblemBodies.write(request, response, ProblemType.MALFORMED_REQUEST, detail);
    }

    /** The request with its Accept list joined into one value without empty elements. */
    private static final class AcceptWithoutEmptyElements extends HttpServletRequestWrapper {

        private final String accept;

        AcceptWithoutEmptyElements(HttpServletRequest request, String accept) {
            super(request);
            this.accept = accept;
        }

        @Override
        public String getHeader(String name) {
            return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? accept : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? Collections.enumeration(List.of(accept))
                    : super.getHeaders(name);
        }
    }
}

package dev.prefs.platform.problem;

import java.io.IOException;
import java.io.PrintWriter;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat answers some requests itself, before any servlet sees them: a URL with an encoded slash or NUL, an invalid
 * percent-escape, a malformed request line or header. Its default report is an HTML page naming the server; this one
 * writes the same problem details as the rest of the API ({@code application/problem+json}, no input echoed, no
 * stack trace). Installed on every Prefs process's Tomcat host by {@link ProblemErrorAutoConfiguration}.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        // Tomcat answers 501 for a transfer coding it does not know and 505 for an HTTP version it does not speak:
        // both are the client's doing, answered as the client errors they are, so a 5xx always means the server
        // failed. (Unknown methods never get here: they reach Spring MVC, which answers 405 with the path's Allow.)
        ProblemType type = status == 501 || status == 505 ? ProblemType.MALFORMED_REQUEST
                : ProblemType.forStatus(status);
        response.setStatus(type.status().value());
        String detail = switch (type) {
            case MALFORMED_REQUEST -> "The request could not be read: its URL, request line or headers are malformed.";
            case INTERNAL_ERROR -> "The server could not answer this request.";
            default -> type.meaning();
        };
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            PrintWriter writer = response.getReporter();
            if (writer != null) {
                writer.write("{\"type\":\"" + type.uri() + "\",\"title\":\"" + type.title() + "\",\"status\":"
                             + type.status().value() + ",\"detail\":\"" + detail + "\"}");
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The client is gone or the response is unusable: nothing more can be said to it.
        }
    }
}

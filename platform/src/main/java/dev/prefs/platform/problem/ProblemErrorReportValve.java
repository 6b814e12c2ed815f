package dev.prefs.platform.problem;

import java.io.IOException;
import java.io.PrintWriter;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;

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
        // A method no servlet knows (CONNECT, PROPFIND) or an HTTP version we do not speak is the client's doing:
        // answered as the client errors they are, so a 5xx always means the server failed.
        if (status == 501) {
            status = 405;
        } else if (status == 505) {
            status = 400;
        }
        response.setStatus(status);
        HttpStatus known = HttpStatus.resolve(status);
        String title = known != null ? known.getReasonPhrase() : "Error";
        String detail = status == 400
                ? "The request could not be read: its URL, request line or headers are malformed."
                : status >= 500 ? "The server could not answer this request." : title + ".";
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            PrintWriter writer = response.getReporter();
            if (writer != null) {
                writer.write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                             + ",\"detail\":\"" + detail + "\"}");
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The client is gone or the response is unusable: nothing more can be said to it.
        }
    }
}

package dev.prefs.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the pages send what they send, and who may embed them.
 *
 * @param commandBaseUrl where the preference center sends its writes (PATCH, reset); empty: the origin the page
 *                       came from, as in the standalone process. In the split deployment, the command side's URL.
 * @param embedOrigins   origins of applications that embed the preference center (in an iframe or with its script
 *                       tag): they become the pages' {@code frame-ancestors} and may call the user paths from a
 *                       browser (CORS). Empty: only this origin.
 */
@ConfigurationProperties("prefs.web")
record WebPagesProperties(String commandBaseUrl, List<String> embedOrigins) {

    WebPagesProperties {
        commandBaseUrl = commandBaseUrl == null ? "" : commandBaseUrl.strip().replaceAll("/+$", "");
        embedOrigins = embedOrigins == null ? List.of() : embedOrigins.stream().map(String::strip)
                .filter(o -> !o.isEmpty()).map(o -> origin(o, "prefs.web.embed-origins")).toList();
        if (!commandBaseUrl.isEmpty()) {
            origin(commandBaseUrl, "prefs.web.command-base-url");
        }
    }

    /**
     * The pages' policy: nothing inline, nothing from elsewhere, except the command side they write to; framed only
     * by this origin and the embedding ones.
     */
    String contentSecurityPolicy() {
        List<String> connect = new ArrayList<>(List.of("'self'"));
        if (!commandBaseUrl.isEmpty()) {
            connect.add(origin(commandBaseUrl, "prefs.web.command-base-url"));
        }
        List<String> ancestors = new ArrayList<>(List.of("'self'"));
        ancestors.addAll(embedOrigins);
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
               + "connect-src " + String.join(" ", connect) + "; frame-ancestors " + String.join(" ", ancestors)
               + "; base-uri 'none'; form-action 'none'";
    }

    /** {@code scheme://host[:port]} of an absolute http(s) URL; anything else is a configuration error at start. */
    private static String origin(String url, String property) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(property + " is not a URL: " + url, e);
        }
        if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) {
            throw new IllegalStateException(property + " must be an absolute http(s) URL, not " + url);
        }
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }
}

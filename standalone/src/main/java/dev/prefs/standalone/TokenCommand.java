package dev.prefs.standalone;

import dev.prefs.events.UserId;
import dev.prefs.platform.security.JwtTokens;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * {@code java -jar prefs-standalone.jar token <userId> [--admin] [--ttl=PT8H]}: prints a bearer token for trying the
 * service, signed with {@code PREFS_JWT_SECRET} or, without it, with the secret the service keeps in its data folder.
 */
final class TokenCommand {

    static final String NAME = "token";

    private TokenCommand() {
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        String user = null;
        boolean admin = false;
        Duration ttl = Duration.ofHours(8);
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--admin")) {
                admin = true;
            } else if (args[i].startsWith("--ttl=")) {
                try {
                    ttl = Duration.parse(args[i].substring("--ttl=".length()));
                } catch (DateTimeParseException e) {
                    err.println("--ttl takes an ISO-8601 duration such as PT8H or PT15M");
                    return 2;
                }
            } else if (user == null && !args[i].startsWith("--")) {
                user = args[i];
            } else {
                return usage(err);
            }
        }
        if (user == null || !UserId.isValid(user)) {
            return usage(err);
        }
        String secret = env.getOrDefault("PREFS_JWT_SECRET", "");
        try {
            if (secret.isEmpty()) {
                Path dataFolder = Path.of(env.getOrDefault("PREFS_DATA_DIR", "./data"));
                secret = DataFolderJwtSecret.existing(dataFolder);
                if (secret == null) {
                    err.println("No token secret yet: start the service once (it creates "
                                + dataFolder.resolve(DataFolderJwtSecret.FILE) + ") or set PREFS_JWT_SECRET.");
                    return 1;
                }
            }
            out.println(JwtTokens.mint(secret, user, admin, ttl));
            return 0;
        } catch (IOException | IllegalStateException e) {
            err.println(e.getMessage());
            return 1;
        }
    }

    private static int usage(PrintStream err) {
        err.println("Usage: java -jar prefs-standalone.jar token <userId> [--admin] [--ttl=PT8H]");
        return 2;
    }
}

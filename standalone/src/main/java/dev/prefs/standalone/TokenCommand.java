package dev.prefs.standalone;

import dev.prefs.events.InvalidValueException;
import dev.prefs.events.TenantId;
import dev.prefs.events.UserId;
import dev.prefs.platform.security.JwtTokens;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar prefs-standalone.jar token <userId> [--admin] [--tenant=T] [--tenant-admin] [--changes]
 * [--ttl=PT8H] [--secret-file=FILE]}: prints a bearer
 * token for trying the service, signed with the secret in {@code FILE}, else {@code PREFS_JWT_SECRET}, else the secret
 * the standalone service keeps in its data folder. A split deployment's secret is the one it was started with.
 */
final class TokenCommand {

    static final String NAME = "token";
    static final String USAGE = "Usage: java -jar prefs-standalone.jar token <userId> [--admin] [--tenant=T] "
                                + "[--tenant-admin] [--changes] [--ttl=PT8H] [--secret-file=FILE]";

    private TokenCommand() {
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        String user = null;
        boolean admin = false;
        boolean tenantAdmin = false;
        boolean changes = false;
        String tenant = null;
        Duration ttl = Duration.ofHours(8);
        Path secretFile = null;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--help") || args[i].equals("-h")) {
                usage(out);
                return 0;
            } else if (args[i].equals("--admin")) {
                admin = true;
            } else if (args[i].equals("--tenant-admin")) {
                tenantAdmin = true;
            } else if (args[i].equals("--changes")) {
                changes = true;
            } else if (args[i].startsWith("--tenant=")) {
                tenant = args[i].substring("--tenant=".length());
                if (!TenantId.isValid(tenant)) {
                    err.println("Not a tenant id: \"" + tenant + "\"; a tenant id is 1 to 128 characters of"
                                + " A-Z a-z 0-9 . _ : @ -");
                    return usage(err);
                }
            } else if (args[i].startsWith("--ttl=")) {
                try {
                    ttl = Duration.parse(args[i].substring("--ttl=".length()));
                } catch (DateTimeParseException e) {
                    err.println("--ttl takes an ISO-8601 duration such as PT8H or PT15M");
                    return 2;
                }
            } else if (args[i].startsWith("--secret-file=") && args[i].length() > "--secret-file=".length()) {
                secretFile = Path.of(args[i].substring("--secret-file=".length()));
            } else if (user == null && !args[i].startsWith("--")) {
                user = args[i];
            } else {
                return usage(err);
            }
        }
        if (user == null) {
            return usage(err);
        }
        if (tenantAdmin && tenant == null) {
            err.println("--tenant-admin needs --tenant=T: a tenant admin administers one tenant");
            return usage(err);
        }
        try {
            UserId.require(user);
        } catch (InvalidValueException e) {
            err.println("Not a user id: \"" + user + "\"; a user id " + e.getMessage());
            return usage(err);
        }
        try {
            String secret = secret(secretFile, env, err);
            if (secret == null) {
                return 1;
            }
            List<String> scopes = new ArrayList<>();
            if (admin) {
                scopes.add(JwtTokens.ADMIN_SCOPE);
            }
            if (tenantAdmin) {
                scopes.add(JwtTokens.TENANT_ADMIN_SCOPE);
            }
            if (changes) {
                scopes.add(JwtTokens.CHANGES_SCOPE);
            }
            out.println(JwtTokens.mint(secret, user, String.join(" ", scopes), tenant, ttl));
            return 0;
        } catch (IOException | IllegalStateException e) {
            err.println(e.getMessage());
            return 1;
        }
    }

    /** The signing secret, or null after saying why there is none. */
    private static String secret(Path secretFile, Map<String, String> env, PrintStream err) throws IOException {
        if (secretFile != null) {
            if (!Files.isRegularFile(secretFile)) {
                err.println("--secret-file: no such file " + secretFile);
                return null;
            }
            return Files.readString(secretFile).trim();
        }
        String secret = env.getOrDefault("PREFS_JWT_SECRET", "");
        if (!secret.isEmpty()) {
            return secret;
        }
        Path dataFolder = Path.of(env.getOrDefault("PREFS_DATA_DIR", "./data"));
        secret = DataFolderJwtSecret.existing(dataFolder);
        if (secret == null) {
            err.println("No token secret yet: start the service once (it creates "
                        + dataFolder.resolve(DataFolderJwtSecret.FILE) + "), set PREFS_JWT_SECRET or pass "
                        + "--secret-file.");
        }
        return secret;
    }

    private static int usage(PrintStream stream) {
        stream.println(USAGE);
        stream.println("  userId         1 to 128 characters of A-Z a-z 0-9 . _ : @ - (the token's sub)");
        stream.println("  --admin        add the scope preferences:admin");
        stream.println("  --tenant=T     the token's tenant claim: new preferences belong to T");
        stream.println("  --tenant-admin add the scope preferences:tenant-admin (needs --tenant): T's defaults and"
                       + " users");
        stream.println("  --changes      add the scope preferences:changes (follow the whole change feed)");
        stream.println("  --ttl          how long the token is valid, an ISO-8601 duration (PT8H)");
        stream.println("  --secret-file  sign with the secret in this file; else PREFS_JWT_SECRET; else the service's"
                       + " own, PREFS_DATA_DIR/jwt-secret");
        return 2;
    }
}

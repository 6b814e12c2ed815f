package dev.prefs.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenCommandTest {

    private static final String SECRET = "a-split-deployment-secret-of-more-than-32-bytes";
    private static final String OTHER_SECRET = "another-secret-that-is-also-longer-than-32-bytes";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void anInvalidUserIdIsAnsweredWithTheRule() {
        int exit = run(Map.of("PREFS_JWT_SECRET", SECRET), "token", "alice smith");

        assertThat(exit).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("\"alice smith\"")
                .contains("must be 1 to 128 characters of A-Z a-z 0-9 . _ : @ -")
                .contains("Usage:");
    }

    @Test
    void aSecretFileSignsTheTokenAndWinsOverTheEnvironment(@TempDir Path folder) throws Exception {
        Path secretFile = folder.resolve("prefs-jwt-secret");
        Files.writeString(secretFile, SECRET + "\n");

        int exit = run(Map.of("PREFS_JWT_SECRET", OTHER_SECRET), "token", "alice", "--secret-file=" + secretFile);

        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        SignedJWT token = SignedJWT.parse(out.toString(StandardCharsets.UTF_8).trim());
        assertThat(token.verify(new MACVerifier(SECRET.getBytes(StandardCharsets.UTF_8)))).isTrue();
        assertThat(token.verify(new MACVerifier(OTHER_SECRET.getBytes(StandardCharsets.UTF_8)))).isFalse();
        assertThat(token.getJWTClaimsSet().getSubject()).isEqualTo("alice");
    }

    @Test
    void aTenantAdminTokenCarriesTheScopeAndTheTenantClaim() throws Exception {
        int exit = run(Map.of("PREFS_JWT_SECRET", SECRET), "token", "olga", "--tenant=acme", "--tenant-admin",
                "--changes");

        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        var claims = SignedJWT.parse(out.toString(StandardCharsets.UTF_8).trim()).getJWTClaimsSet();
        assertThat(claims.getStringClaim("tenant")).isEqualTo("acme");
        assertThat(claims.getStringClaim("scope").split(" "))
                .containsExactlyInAnyOrder("preferences:tenant-admin", "preferences:changes");
    }

    @Test
    void aTenantAdminNeedsATenant() {
        int exit = run(Map.of("PREFS_JWT_SECRET", SECRET), "token", "olga", "--tenant-admin");

        assertThat(exit).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--tenant-admin needs --tenant=T");
    }

    @Test
    void aMissingSecretFileIsAnErrorNotAFallback(@TempDir Path folder) {
        int exit = run(Map.of("PREFS_JWT_SECRET", OTHER_SECRET), "token", "alice",
                "--secret-file=" + folder.resolve("absent"));

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("absent");
    }

    @Test
    void helpGoesToStandardOutput() {
        int exit = run(Map.of(), "token", "--help");

        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith(TokenCommand.USAGE).contains("--secret-file");
    }

    private int run(Map<String, String> env, String... args) {
        return TokenCommand.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}

package dev.prefs.standalone;

import java.util.Arrays;

/** {@code java -jar prefs-standalone.jar --help}: the subcommands and the main settings, without starting anything. */
final class CommandLineHelp {

    static final String TEXT = """
            Prefs: the user-preferences service, both sides in one process.

            Usage:
              java -jar prefs-standalone.jar [--server.port=8080]             start the service
              java -jar prefs-standalone.jar token <userId> [--admin] [--tenant=T] [--tenant-admin] [--changes] …
                                                                              print a bearer token
              java -jar prefs-standalone.jar rebuild <projection> [--version=N] [--force]
                                                                              rebuild a read model and switch reads to it
              java -jar prefs-standalone.jar migrations migrate|info|validate|repair|baseline
                                                                              the database migrations CLI
              java -jar prefs-standalone.jar encrypt-events [--keep-clear-copy]
                                                                              encrypt the events stored before this release
              java -jar prefs-standalone.jar rotate-master-key                re-wrap every key under PREFS_MASTER_KEY
                                                                              (the old one in PREFS_MASTER_KEY_PREVIOUS)
              java -jar prefs-standalone.jar --help                           this text
            rebuild, migrations, encrypt-events and rotate-master-key use the data folder's embedded PostgreSQL (refused while the service runs on it),
            or SPRING_DATASOURCE_URL when it is set; token signs with the data folder's secret unless told otherwise.
            token --help and migrations --help tell more.

            Settings (environment variables; the service also takes --name=value, such as --server.port=9090):
              SERVER_PORT                    HTTP port (8080)
              PREFS_DATA_DIR                 data folder (./data): the embedded PostgreSQL's data in <dir>/postgres,
                                             the token secret in <dir>/jwt-secret; one process at a time
              SPRING_DATASOURCE_URL          a PostgreSQL server to use instead of the embedded one, with
              SPRING_DATASOURCE_USERNAME     SPRING_DATASOURCE_USERNAME and SPRING_DATASOURCE_PASSWORD
              SPRING_DATASOURCE_PASSWORD
              PREFS_MIGRATE_ON_START         apply pending database migrations at start-up (true)
              PREFS_MASTER_KEY               base64 of the 32-byte master key wrapping every user's data key
                                             (default: <dir>/master-key; back it up, without it no data reads)
              PREFS_MASTER_KEY_PREVIOUS      the previous master key, during a rotation
              PREFS_JWT_SECRET               HS256 secret of bearer tokens, at least 32 bytes (default: <dir>/jwt-secret)
              SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI
                                             take tokens from this identity provider instead
              PREFS_COMMAND_IDEMPOTENCY_RETENTION
                                             how long an Idempotency-Key is remembered (24h)

            The HTTP API: docs/http-api.md in the repository; /swagger-ui.html on the running service.
            """;

    private CommandLineHelp() {
    }

    /** {@code --help} or {@code -h} anywhere: a typo'd option list must not start a service on a port. */
    static boolean asked(String[] args) {
        return Arrays.stream(args).anyMatch(arg -> arg.equals("--help") || arg.equals("-h"));
    }
}

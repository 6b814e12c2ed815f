package dev.prefs.platform.problem;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells a failure caused by the database being out of reach (stopped, restarting, no connection within the pool's
 * timeout) from other failures: the first is answered 503 with {@code Retry-After}, since the same request will
 * succeed once the database is back; the others are 500s.
 */
public final class DatabaseUnavailable {

    /** Seconds a client is told to wait before trying again. */
    static final String RETRY_AFTER_SECONDS = "1";

    private DatabaseUnavailable() {
    }

    /** The answer while the database is out of reach: 503 {@code database-unavailable} with {@code Retry-After}. */
    public static ResponseEntity<ProblemDetail> answer(String detail) {
        return ResponseEntity.status(ProblemType.DATABASE_UNAVAILABLE.status())
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .body(ProblemType.DATABASE_UNAVAILABLE.problem(detail));
    }

    public static boolean causes(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException || cause instanceof ConnectException
                || cause instanceof CannotCreateTransactionException
                || cause instanceof DataAccessResourceFailureException) {
                return true;
            }
            // Class 08: connection exceptions; 57P01-57P03: the server is shutting down or not yet accepting.
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P0"))) {
                return true;
            }
            // The pool closes a connection once it has failed that way; a transaction still holding it then gets
            // this (with no SQL state) on its next statement.
            if (cause instanceof SQLException sql && sql.getSQLState() == null
                && "Connection is closed".equals(sql.getMessage())) {
                return true;
            }
        }
        return false;
    }
}

package dev.prefs.query.projection;

import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The projections' transactions with {@code synchronous_commit = off} ({@code prefs.query.projections.synchronous-commit
 * =false}): PostgreSQL acknowledges their commit before its WAL reaches the disk. A read model's rows and its
 * processor's token commit in the same transaction, so a crash can only lose both together (the last fraction of a
 * second of projection work), which the processor then does again from the older token; nothing a client was told
 * is committed on the command side is at risk, as the events themselves are written with the server's setting.
 */
final class AsynchronousCommit implements TransactionManager {

    private final TransactionManager delegate;
    private final JdbcTemplate jdbc;

    AsynchronousCommit(TransactionManager delegate, JdbcTemplate jdbc) {
        this.delegate = delegate;
        this.jdbc = jdbc;
    }

    @Override
    public Transaction startTransaction() {
        Transaction transaction = delegate.startTransaction();
        try {
            // SET LOCAL: this transaction only (an enclosing one included), never the pooled connection's session.
            jdbc.execute("SET LOCAL synchronous_commit = off");
        } catch (RuntimeException e) {
            transaction.rollback();
            throw e;
        }
        return transaction;
    }
}

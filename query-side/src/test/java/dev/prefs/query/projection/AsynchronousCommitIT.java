package dev.prefs.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prefs.migrations.testing.TestDatabase;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The projections' transactions commit with {@code synchronous_commit = off}, and only they: the setting is local to
 * the transaction and never stays on the pooled connection for the next one (a command's append, say).
 */
class AsynchronousCommitIT {

    static final TestDatabase DB = TestDatabase.create("query_asynchronous_commit");

    @Test
    void aProjectionTransactionCommitsAsynchronouslyAndTheConnectionKeepsTheServersSetting() throws Exception {
        // One connection, so the transaction after the projection's runs on the very connection it used.
        SingleConnectionDataSource dataSource = new SingleConnectionDataSource(DB.connect(), true);
        try {
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            SpringTransactionManager plain = new SpringTransactionManager(new DataSourceTransactionManager(dataSource));
            AsynchronousCommit projections = new AsynchronousCommit(plain, jdbc);
            // The tests' server runs with it off for speed; the service's embedded server and production run with it on.
            jdbc.execute("SET synchronous_commit = on");

            assertThat(settingIn(plain, jdbc)).as("a plain transaction").isEqualTo("on");
            assertThat(settingIn(projections, jdbc)).as("a projection's transaction").isEqualTo("off");
            assertThat(settingIn(plain, jdbc)).as("the next transaction on the same connection").isEqualTo("on");
        } finally {
            dataSource.destroy();
        }
    }

    private static String settingIn(org.axonframework.common.transaction.TransactionManager manager,
                                    JdbcTemplate jdbc) {
        Transaction transaction = manager.startTransaction();
        try {
            return jdbc.queryForObject("SELECT current_setting('synchronous_commit')", String.class);
        } finally {
            transaction.commit();
        }
    }
}

package dev.prefs.platform.crypto;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Something else that holds a user's data and must forget it when the user is erased (the projections' versions
 * and generations, the change feed's stored items): run by {@link PersonalDataErasure} in the erasure's own
 * transaction, so an erasure is complete or not done at all. Declare one as a bean.
 */
@FunctionalInterface
public interface ErasureStep {

    /** Removes every trace of {@code userId} through {@code connection} (do not commit). */
    void erase(Connection connection, String userId) throws SQLException;
}

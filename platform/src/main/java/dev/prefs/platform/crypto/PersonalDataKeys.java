package dev.prefs.platform.crypto;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;
import javax.sql.DataSource;

/**
 * The users' data keys and the pseudonyms of their streams, kept in {@code user_data_key} (V30), each key wrapped
 * with the master key. Keys are created in their own committed transaction before the first event that uses them
 * (for a writer of many users, a thousand keys in one statement: {@link #keysForWrite}), so no event is ever
 * encrypted with a key that was not stored. Every process caches keys; deleting one (erasure)
 * is announced on {@value #CHANNEL} and every process forgets it ({@link #forget}).
 * <p>
 * A stream pseudonym is {@code user/} and the HMAC-SHA256 of the user id and its generation under the pseudonym
 * key (itself random, wrapped in {@code system_key}, so a master key rotation does not change pseudonyms). The
 * generation counts the user's erasures: a user id created again after an erasure has a new stream and a new key,
 * and cannot reach the old events.
 */
public final class PersonalDataKeys {

    /** The notification channel of a deleted data key (payload: its pseudonym). */
    public static final String CHANNEL = "prefs_data_keys";
    /** Stored stream ids of users start with this; user ids never contain a {@code /}. */
    public static final String PSEUDONYM_PREFIX = "user/";

    private static final int CACHE_LIMIT = 200_000;
    /** How many pseudonyms one key query asks for at most ({@link #keysOf}). */
    static final int KEY_QUERY_LIMIT = 1_000;
    private static final String PSEUDONYM_KEY = "pseudonym";

    /** A user's data key, the user it belongs to, and the stream it encrypts. */
    record UserKey(String userId, String pseudonym, SecretKey key) {
    }

    private final DataSource dataSource;
    private final MasterKeys masterKeys;
    private final byte[] pseudonymKey;
    private final byte[] refKey;
    private final Map<String, Optional<UserKey>> byPseudonym = new ConcurrentHashMap<>();
    private final Map<String, UserKey> byUser = new ConcurrentHashMap<>();
    private final Map<String, Integer> generations = new ConcurrentHashMap<>();

    /**
     * Verifies the master key against the database and loads (or, on a new database, creates) the pseudonym key.
     *
     * @throws MasterKeyException if the database's keys were wrapped with master keys this process does not hold
     */
    public PersonalDataKeys(DataSource dataSource, MasterKeys masterKeys) {
        this.dataSource = dataSource;
        this.masterKeys = masterKeys;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            verifyMasterKey(connection);
            this.pseudonymKey = loadPseudonymKey(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the key tables (V30__personal_data_keys.sql)", e);
        }
        this.refKey = Aead.derive(pseudonymKey, "prefs user ref v1");
    }

    private void verifyMasterKey(Connection connection) throws SQLException {
        boolean any = false;
        boolean primaryKnown = false;
        boolean someKnown = false;
        try (PreparedStatement statement = connection.prepareStatement("SELECT check_value FROM master_key");
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                any = true;
                String check = rows.getString(1);
                primaryKnown |= check.equals(masterKeys.primaryCheck());
                someKnown |= masterKeys.holds(check);
            }
        }
        if (any && !someKnown) {
            throw new MasterKeyException("PREFS_MASTER_KEY is not the master key of this database: its keys were "
                                         + "wrapped with another one. Refusing to start rather than write with it.");
        }
        if (!primaryKnown) {
            // A new database, or the first process of a rotation (the previous key is known): register it.
            try (PreparedStatement statement = connection.prepareStatement(
                    "INSERT INTO master_key (check_value) VALUES (?) ON CONFLICT DO NOTHING")) {
                statement.setString(1, masterKeys.primaryCheck());
                statement.executeUpdate();
            }
        }
    }

    private byte[] loadPseudonymKey(Connection connection) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO system_key (purpose, master_key_check, wrapped_key) VALUES (?, ?, ?) "
                + "ON CONFLICT DO NOTHING")) {
            insert.setString(1, PSEUDONYM_KEY);
            insert.setString(2, masterKeys.primaryCheck());
            insert.setBytes(3, masterKeys.wrap(Aead.randomKeyBytes(), "system/" + PSEUDONYM_KEY));
            insert.executeUpdate();
        }
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT master_key_check, wrapped_key FROM system_key WHERE purpose = ?")) {
            select.setString(1, PSEUDONYM_KEY);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                try {
                    return masterKeys.unwrap(rows.getString(1), rows.getBytes(2), "system/" + PSEUDONYM_KEY);
                } catch (Aead.TamperedException e) {
                    throw new MasterKeyException("The pseudonym key does not open with the configured master key");
                }
            }
        }
    }

    /** Whether {@code aggregateId} names a user's stream (the layers' streams contain a {@code /}). */
    public static boolean isUserStream(String aggregateId) {
        return aggregateId != null && aggregateId.indexOf('/') < 0;
    }

    /** The stored identifier of the current stream of {@code userId} (whether or not it has events yet). */
    public String pseudonym(String userId) {
        UserKey known = byUser.get(userId);
        if (known != null) {
            return known.pseudonym();
        }
        return pseudonym(userId, generation(userId));
    }

    String pseudonym(String userId, int generation) {
        byte[] input = (userId + "\0" + generation).getBytes(StandardCharsets.UTF_8);
        return PSEUDONYM_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(Aead.hmac(pseudonymKey, input));
    }

    String userRef(String userId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                Aead.hmac(refKey, userId.getBytes(StandardCharsets.UTF_8)));
    }

    private int generation(String userId) {
        Integer cached = generations.get(userId);
        if (cached != null) {
            return cached;
        }
        try (Connection connection = dataSource.getConnection()) {
            return generation(connection, userId);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read erased streams", e);
        }
    }

    /** {@link #generation(String)} on the caller's connection (so a caller holding one never takes a second). */
    private int generation(Connection connection, String userId) throws SQLException {
        return generations(connection, List.of(userId)).get(userId);
    }

    /**
     * The generations of {@code userIds} (at most {@value #KEY_QUERY_LIMIT}): the cached ones, the others read in one
     * query (then cached). A user's generation is the number of its erased streams.
     */
    private Map<String, Integer> generations(Connection connection, Collection<String> userIds) throws SQLException {
        Map<String, Integer> found = new HashMap<>();
        Map<String, String> missing = new HashMap<>();
        for (String userId : userIds) {
            Integer cached = generations.get(userId);
            if (cached != null) {
                found.put(userId, cached);
            } else {
                missing.put(userRef(userId), userId);
            }
        }
        if (missing.isEmpty()) {
            return found;
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT user_ref, max(generation) + 1 FROM erased_user_stream WHERE user_ref = ANY(?) "
                + "GROUP BY user_ref")) {
            Array refs = connection.createArrayOf("varchar", missing.keySet().toArray());
            statement.setArray(1, refs);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    found.put(missing.remove(rows.getString(1)), rows.getInt(2));
                }
            } finally {
                refs.free();
            }
        }
        for (String neverErased : missing.values()) {
            found.put(neverErased, 0);
        }
        for (Map.Entry<String, Integer> generation : found.entrySet()) {
            bounded(generations).put(generation.getKey(), generation.getValue());
        }
        return found;
    }

    /** The key to encrypt a new event of {@code userId} with, created (and committed) if the user has none yet. */
    UserKey keyForWrite(String userId) {
        return keysForWrite(List.of(userId)).get(userId);
    }

    /**
     * The keys to encrypt new events of {@code userIds} with, each created (and committed) if the user has none yet:
     * the cached ones; the others, per {@value #KEY_QUERY_LIMIT} users, read in one query, and those still missing
     * created in one autocommit {@code INSERT} (their generations read in one query), then read again, since
     * another process may have created some meanwhile: the stored key wins. So a writer of many users pays four
     * statements per thousand new users rather than four per user. The answer holds every user asked for, whatever
     * the cache keeps meanwhile.
     */
    Map<String, UserKey> keysForWrite(Collection<String> userIds) {
        Map<String, UserKey> found = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (String userId : new LinkedHashSet<>(userIds)) {
            UserKey cached = byUser.get(userId);
            if (cached != null) {
                found.put(userId, cached);
            } else {
                missing.add(userId);
            }
        }
        if (missing.isEmpty()) {
            return found;
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            for (int from = 0; from < missing.size(); from += KEY_QUERY_LIMIT) {
                List<String> chunk = missing.subList(from, Math.min(missing.size(), from + KEY_QUERY_LIMIT));
                Map<String, UserKey> stored = selectByUser(connection, chunk);
                List<String> absent = chunk.stream().filter(userId -> !stored.containsKey(userId)).toList();
                if (!absent.isEmpty()) {
                    insertKeys(connection, absent);
                    stored.putAll(selectByUser(connection, absent));
                }
                for (String userId : chunk) {
                    UserKey key = stored.get(userId);
                    if (key == null) {
                        throw new IllegalStateException("A data key just created is gone (erased meanwhile?)");
                    }
                    found.put(userId, key);
                    remember(key);
                }
            }
            return found;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read or create the data keys of users", e);
        }
    }

    /**
     * Creates a key for each of {@code userIds} (at most {@value #KEY_QUERY_LIMIT}) in one statement, committed
     * (the caller's connection is in autocommit), skipping any user whose key another process stored first. Rows go
     * in the order of their user refs, so two processes creating keys of the same users cannot deadlock.
     */
    private void insertKeys(Connection connection, List<String> userIds) throws SQLException {
        Map<String, Integer> generationOf = generations(connection, userIds);
        int size = userIds.size();
        List<String> sorted = new ArrayList<>(userIds);
        Map<String, String> refOf = new HashMap<>();
        for (String userId : sorted) {
            refOf.put(userId, userRef(userId));
        }
        sorted.sort(Comparator.comparing(refOf::get));
        String[] pseudonyms = new String[size];
        String[] refs = new String[size];
        Integer[] generationColumn = new Integer[size];
        byte[][] wrapped = new byte[size][];
        byte[][] sealedIds = new byte[size][];
        for (int i = 0; i < size; i++) {
            String userId = sorted.get(i);
            int generation = generationOf.get(userId);
            String pseudonym = pseudonym(userId, generation);
            byte[] raw = Aead.randomKeyBytes();
            pseudonyms[i] = pseudonym;
            refs[i] = refOf.get(userId);
            generationColumn[i] = generation;
            wrapped[i] = masterKeys.wrap(raw, pseudonym);
            sealedIds[i] = Aead.seal(Aead.key(raw), pseudonym.getBytes(StandardCharsets.UTF_8),
                    userId.getBytes(StandardCharsets.UTF_8));
        }
        List<Array> arrays = List.of(connection.createArrayOf("varchar", pseudonyms),
                connection.createArrayOf("varchar", refs), connection.createArrayOf("int4", generationColumn),
                connection.createArrayOf("bytea", wrapped), connection.createArrayOf("bytea", sealedIds));
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO user_data_key (pseudonym, user_ref, generation, master_key_check, wrapped_key,
                                           sealed_user_id)
                SELECT p, r, g, ?, w, s FROM unnest(?::varchar[], ?::varchar[], ?::int[], ?::bytea[], ?::bytea[])
                                        WITH ORDINALITY AS k (p, r, g, w, s, n)
                ORDER BY n
                ON CONFLICT DO NOTHING""")) {
            insert.setString(1, masterKeys.primaryCheck());
            for (int i = 0; i < arrays.size(); i++) {
                insert.setArray(i + 2, arrays.get(i));
            }
            insert.executeUpdate();
        } finally {
            for (Array array : arrays) {
                array.free();
            }
        }
    }

    /** The key of the stream stored as {@code pseudonym}; empty once erased. */
    Optional<UserKey> keyOf(String pseudonym) {
        Optional<UserKey> cached = byPseudonym.get(pseudonym);
        if (cached != null) {
            return cached;
        }
        return keysOf(List.of(pseudonym)).get(pseudonym);
    }

    /**
     * The keys of the streams stored as {@code pseudonyms}, each empty once erased: the cached ones, and the others
     * read in one query per {@value #KEY_QUERY_LIMIT} pseudonyms (then cached). The answer holds every pseudonym
     * asked for, whatever the cache keeps meanwhile.
     */
    Map<String, Optional<UserKey>> keysOf(Collection<String> pseudonyms) {
        Map<String, Optional<UserKey>> found = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (String pseudonym : new LinkedHashSet<>(pseudonyms)) {
            Optional<UserKey> cached = byPseudonym.get(pseudonym);
            if (cached != null) {
                found.put(pseudonym, cached);
            } else {
                missing.add(pseudonym);
            }
        }
        if (missing.isEmpty()) {
            return found;
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT pseudonym, master_key_check, wrapped_key, sealed_user_id FROM user_data_key "
                     + "WHERE pseudonym = ANY(?)")) {
            for (int from = 0; from < missing.size(); from += KEY_QUERY_LIMIT) {
                List<String> chunk = missing.subList(from, Math.min(missing.size(), from + KEY_QUERY_LIMIT));
                Array array = connection.createArrayOf("varchar", chunk.toArray());
                statement.setArray(1, array);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        UserKey key = unwrap(rows);
                        found.put(key.pseudonym(), Optional.of(key));
                        remember(key);
                    }
                } finally {
                    array.free();
                }
                for (String pseudonym : chunk) {
                    if (!found.containsKey(pseudonym)) {
                        // An event is only written after its key was committed: a key absent now never comes back.
                        found.put(pseudonym, Optional.empty());
                        bounded(byPseudonym).put(pseudonym, Optional.empty());
                    }
                }
            }
            return found;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read data keys", e);
        }
    }

    /** The stored keys of {@code userIds} (at most {@value #KEY_QUERY_LIMIT}), by user id, in one query. */
    private Map<String, UserKey> selectByUser(Connection connection, List<String> userIds) throws SQLException {
        Map<String, UserKey> stored = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT pseudonym, master_key_check, wrapped_key, sealed_user_id FROM user_data_key "
                + "WHERE user_ref = ANY(?)")) {
            Array refs = connection.createArrayOf("varchar", userIds.stream().map(this::userRef).toArray());
            statement.setArray(1, refs);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    UserKey key = unwrap(rows);
                    stored.put(key.userId(), key);
                }
            } finally {
                refs.free();
            }
        }
        return stored;
    }

    private UserKey unwrap(ResultSet rows) throws SQLException {
        String pseudonym = rows.getString("pseudonym");
        SecretKey key = Aead.key(masterKeys.unwrap(rows.getString("master_key_check"), rows.getBytes("wrapped_key"),
                pseudonym));
        String userId = new String(Aead.open(key, pseudonym.getBytes(StandardCharsets.UTF_8),
                rows.getBytes("sealed_user_id")), StandardCharsets.UTF_8);
        return new UserKey(userId, pseudonym, key);
    }

    private void remember(UserKey key) {
        bounded(byPseudonym).put(key.pseudonym(), Optional.of(key));
        bounded(byUser).put(key.userId(), key);
    }

    private static <K, V> Map<K, V> bounded(Map<K, V> cache) {
        if (cache.size() > CACHE_LIMIT) {
            cache.clear();
        }
        return cache;
    }

    /**
     * Deletes the data key of {@code userId}'s current stream in the caller's transaction, and records the stream
     * as erased (so the user id's next stream is a new one). Returns the erased stream's pseudonym, or empty if the
     * user has no key (never had an encrypted event, or already erased).
     */
    public Optional<String> erase(Connection connection, String userId) throws SQLException {
        String ref = userRef(userId);
        String pseudonym;
        int generation;
        try (PreparedStatement statement = connection.prepareStatement(
                "DELETE FROM user_data_key WHERE user_ref = ? RETURNING pseudonym, generation")) {
            statement.setString(1, ref);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                pseudonym = rows.getString(1);
                generation = rows.getInt(2);
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO erased_user_stream (pseudonym, user_ref, generation) VALUES (?, ?, ?)")) {
            statement.setString(1, pseudonym);
            statement.setString(2, ref);
            statement.setInt(3, generation);
            statement.executeUpdate();
        }
        forget(pseudonym);
        return Optional.of(pseudonym);
    }

    /** Whether {@code userId} had a stream that was erased. */
    public boolean wasErased(String userId) {
        return generation(userId) > 0;
    }

    /** Forgets the key of {@code pseudonym} (null: every key), after it was deleted here or in another process. */
    public void forget(String pseudonym) {
        if (pseudonym == null) {
            byPseudonym.clear();
            byUser.clear();
        } else {
            byPseudonym.remove(pseudonym);
            byUser.values().removeIf(key -> key.pseudonym().equals(pseudonym));
        }
        generations.clear();
    }

    /**
     * Re-wraps every key that is not wrapped with the primary master key under it (a rotation), in batches, each
     * in its own transaction, then drops the other master keys from {@code master_key}. Returns how many keys moved.
     */
    public long rewrapAll() {
        long moved = 0;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            moved += rewrapSystemKeys(connection);
            while (true) {
                int batch = 0;
                try (PreparedStatement select = connection.prepareStatement(
                        "SELECT pseudonym, master_key_check, wrapped_key FROM user_data_key "
                        + "WHERE master_key_check <> ? LIMIT 500 FOR UPDATE SKIP LOCKED");
                     PreparedStatement update = connection.prepareStatement(
                             "UPDATE user_data_key SET master_key_check = ?, wrapped_key = ? WHERE pseudonym = ?")) {
                    select.setString(1, masterKeys.primaryCheck());
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            String pseudonym = rows.getString(1);
                            byte[] raw = masterKeys.unwrap(rows.getString(2), rows.getBytes(3), pseudonym);
                            update.setString(1, masterKeys.primaryCheck());
                            update.setBytes(2, masterKeys.wrap(raw, pseudonym));
                            update.setString(3, pseudonym);
                            update.addBatch();
                            batch++;
                        }
                    }
                    if (batch > 0) {
                        update.executeBatch();
                    }
                }
                connection.commit();
                moved += batch;
                if (batch == 0) {
                    break;
                }
            }
            try (PreparedStatement retire = connection.prepareStatement(
                    "DELETE FROM master_key WHERE check_value <> ?")) {
                retire.setString(1, masterKeys.primaryCheck());
                retire.executeUpdate();
            }
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("The master key rotation failed; it can be run again", e);
        }
        return moved;
    }

    private int rewrapSystemKeys(Connection connection) throws SQLException {
        int moved = 0;
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT purpose, master_key_check, wrapped_key FROM system_key WHERE master_key_check <> ? FOR UPDATE");
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE system_key SET master_key_check = ?, wrapped_key = ? WHERE purpose = ?")) {
            select.setString(1, masterKeys.primaryCheck());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String label = "system/" + rows.getString(1);
                    byte[] raw = masterKeys.unwrap(rows.getString(2), rows.getBytes(3), label);
                    update.setString(1, masterKeys.primaryCheck());
                    update.setBytes(2, masterKeys.wrap(raw, label));
                    update.setString(3, rows.getString(1));
                    update.executeUpdate();
                    moved++;
                }
            }
        }
        connection.commit();
        return moved;
    }
}

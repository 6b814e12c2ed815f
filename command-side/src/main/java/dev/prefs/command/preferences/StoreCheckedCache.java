package dev.prefs.command.preferences;

import java.util.Objects;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.inspection.AggregateModel;

/**
 * A cache of loaded aggregates that trusts an entry only while the store agrees with it. Before Axon's caching
 * repository uses a cached aggregate, {@link #get} asks the store for the stream's last sequence number (one indexed
 * query) and hands out the entry only if that is still the cached aggregate's version. Anything else that appended
 * to the stream since (another command process, or the erasure, which appends its marker by JDBC outside any
 * aggregate) makes the entry stale: it is dropped and the aggregate is loaded from the store as without a cache.
 * <p>
 * The check runs under the repository's lock of that aggregate, so no command of this process can append between the
 * check and the use. Another process can; its append and ours then collide on the stream's sequence number, the
 * transaction rolls back, Axon evicts the entry, and the conflict retry loads the stream afresh.
 */
final class StoreCheckedCache implements Cache {

    private final Cache entries;
    private final EventStore eventStore;
    private final AggregateModel<?> model;

    StoreCheckedCache(Cache entries, EventStore eventStore, AggregateModel<?> model) {
        this.entries = entries;
        this.eventStore = eventStore;
        this.model = model;
    }

    @Override
    public <K, V> V get(K key) {
        V entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (!(entry instanceof AggregateCacheEntry<?> cached) || !(key instanceof String id)
            || !Objects.equals(versionOf(cached), eventStore.lastSequenceNumberFor(id).orElse(-1L))) {
            entries.remove(key);
            return null;
        }
        return entry;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Long versionOf(AggregateCacheEntry<?> cached) {
        // In memory the entry hands back the aggregate it was made from; the model only serves a deserialised one.
        Long version = ((AggregateCacheEntry) cached)
                .recreateAggregate((AggregateModel) model, eventStore, NoSnapshotTriggerDefinition.INSTANCE).version();
        return version == null ? -1L : version;
    }

    @Override
    public void put(Object key, Object value) {
        entries.put(key, value);
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        return entries.putIfAbsent(key, value);
    }

    @Override
    public boolean remove(Object key) {
        return entries.remove(key);
    }

    @Override
    public void removeAll() {
        entries.removeAll();
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        return entries.registerCacheEntryListener(listener);
    }
}

package dev.prefs.command.preferences;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.inspection.AggregateModel;

/**
 * A cache of loaded aggregates, at most {@code capacity} of them (the least recently used goes first), that trusts an
 * entry only while the store agrees with it. Before Axon's caching repository uses a cached aggregate, {@link #get}
 * asks the store for the stream's last sequence number (one indexed query) and hands out the entry only if that is
 * still the cached aggregate's version. Anything else that appended
 * to the stream since (another command process, or the erasure, which appends its marker by JDBC outside any
 * aggregate) makes the entry stale: it is dropped and the aggregate is loaded from the store as without a cache.
 * <p>
 * The check runs under the repository's lock of that aggregate, so no command of this process can append between the
 * check and the use. Another process can; its append and ours then collide on the stream's sequence number, the
 * transaction rolls back, Axon evicts the entry, and the conflict retry loads the stream afresh.
 */
final class StoreCheckedCache implements Cache {

    private final Map<Object, Object> entries;
    private final EventStore eventStore;
    private final AggregateModel<?> model;

    StoreCheckedCache(int capacity, EventStore eventStore, AggregateModel<?> model) {
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, Object> eldest) {
                return size() > capacity;
            }
        };
        this.eventStore = eventStore;
        this.model = model;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        Object entry;
        synchronized (entries) {
            entry = entries.get(key);
        }
        if (entry == null) {
            return null;
        }
        if (!(entry instanceof AggregateCacheEntry<?> cached) || !(key instanceof String id)
            || !Objects.equals(versionOf(cached), eventStore.lastSequenceNumberFor(id).orElse(-1L))) {
            remove(key);
            return null;
        }
        return (V) entry;
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
        synchronized (entries) {
            entries.put(key, value);
        }
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        synchronized (entries) {
            return entries.putIfAbsent(key, value) == null;
        }
    }

    @Override
    public boolean remove(Object key) {
        synchronized (entries) {
            return entries.remove(key) != null;
        }
    }

    @Override
    public void removeAll() {
        synchronized (entries) {
            entries.clear();
        }
    }

    @Override
    public boolean containsKey(Object key) {
        synchronized (entries) {
            return entries.containsKey(key);
        }
    }

    /** Axon's repositories register none; nothing here would call one. */
    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        throw new UnsupportedOperationException("The aggregate cache has no entry listeners");
    }
}

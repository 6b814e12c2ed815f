package dev.prefs.platform.crypto;

/**
 * Where a process finds its master key when {@code PREFS_MASTER_KEY} is not set. Only the standalone process
 * declares one (a key it keeps in its data folder); the split deployment's applications refuse to start without it.
 */
@FunctionalInterface
public interface FallbackMasterKey {

    /** The key, base64. */
    String key();
}

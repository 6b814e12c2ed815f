package dev.prefs.command.preferences;

import java.util.Optional;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.springframework.stereotype.Component;

/**
 * Sends a command with the caller's metadata and answers it, honouring an Idempotency-Key: a key seen before answers
 * its first answer again without sending anything. The command itself is not wrapped in a transaction here; Axon's
 * unit of work opens one that holds the events and the key (see {@link IdempotencyRecorder}). It sends the commands of
 * every aggregate (a user's, a tenant's defaults, the system's); each names the scope of its keys.
 */
@Component
public class PreferencesCommandDispatcher {

    private final CommandGateway gateway;
    private final IdempotencyKeys keys;
    private final ConflictRetry retry;

    PreferencesCommandDispatcher(CommandGateway gateway, IdempotencyKeys keys, ConflictRetry retry) {
        this.gateway = gateway;
        this.keys = keys;
        this.retry = retry;
    }

    public CommandAnswer dispatch(KeyedCommand command, String sub, String idempotencyKey, String canonicalBody) {
        Operation operation = command.operation();
        MetaData metaData = MetaData.with(CommandMetadata.SUB, sub);
        String requestHash = null;
        if (idempotencyKey != null) {
            requestHash = operation.requestHash(canonicalBody);
            Optional<CommandAnswer> earlier = keys.earlierAnswer(command.keyScope(), idempotencyKey, operation,
                    requestHash);
            if (earlier.isPresent()) {
                return earlier.get();
            }
            metaData = metaData.and(CommandMetadata.IDEMPOTENCY_KEY, idempotencyKey)
                    .and(CommandMetadata.REQUEST_HASH, requestHash);
        }
        MetaData finalMetaData = metaData;
        try {
            Long version = retry.run(() -> gateway.sendAndWait(command, finalMetaData));
            return new CommandAnswer(operation.status(), version, false);
        } catch (RuntimeException e) {
            if (idempotencyKey == null) {
                throw e;
            }
            // A duplicate running at the same time may have won: its key row then explains our failure (a refused
            // create, a rolled-back insert of the same key), and its answer is ours.
            return keys.earlierAnswer(command.keyScope(), idempotencyKey, operation, requestHash).orElseThrow(() -> e);
        }
    }
}

package dev.prefs.command.preferences;

import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The metadata a command carries and which of it every event inherits. {@link #SUB} and {@link #IDEMPOTENCY_KEY} go
 * onto the events (the query side shows them in the history), with Axon's {@code correlationId} and {@code traceId};
 * {@link #REQUEST_HASH} stays on the command, it only serves {@link IdempotencyRecorder}.
 */
@Configuration(proxyBeanMethods = false)
class CommandMetadata {

    static final String SUB = "sub";
    static final String IDEMPOTENCY_KEY = "idempotencyKey";
    static final String REQUEST_HASH = "requestHash";

    @Bean
    CorrelationDataProvider callerCorrelationDataProvider() {
        return new SimpleCorrelationDataProvider(SUB, IDEMPOTENCY_KEY);
    }

    /** Axon registers this one only when the application declares no provider, so declaring ours drops it. */
    @Bean
    CorrelationDataProvider commandOriginCorrelationDataProvider() {
        return new MessageOriginProvider();
    }
}

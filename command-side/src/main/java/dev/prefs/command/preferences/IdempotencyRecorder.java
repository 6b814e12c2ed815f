package dev.prefs.command.preferences;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

/**
 * Stores the answer to a command that carried an Idempotency-Key, inside the command's unit of work: the row and the
 * events commit together or not at all, and a refused command (the handler threw) stores nothing. Axon's Spring Boot
 * support registers handler interceptor beans on the command bus.
 */
@Component
class IdempotencyRecorder implements MessageHandlerInterceptor<CommandMessage<?>> {

    private final IdempotencyKeys keys;

    IdempotencyRecorder(IdempotencyKeys keys) {
        this.keys = keys;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain)
            throws Exception {
        Object result = chain.proceed();
        CommandMessage<?> message = unitOfWork.getMessage();
        Object key = message.getMetaData().get(CommandMetadata.IDEMPOTENCY_KEY);
        if (key != null && message.getPayload() instanceof KeyedCommand command) {
            keys.record(command.keyScope(), (String) key, command.operation(),
                    (String) message.getMetaData().get(CommandMetadata.REQUEST_HASH), (Long) result);
        }
        return result;
    }
}

package dev.prefs.command.preferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.prefs.events.PreferenceField;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.dao.DuplicateKeyException;

class PreferencesCommandDispatcherTest {

    private static final ChangePreferencesCommand CHANGE =
            new ChangePreferencesCommand("alice", ValuesChange.NONE.with(PreferenceField.THEME, "light"), false, null,
                    null, Callers.user("alice"));
    private static final String BODY = "{\"theme\":\"light\"}";

    private final CommandGateway gateway = mock(CommandGateway.class);
    private final IdempotencyKeys keys = mock(IdempotencyKeys.class);
    private final PreferencesCommandDispatcher dispatcher =
            new PreferencesCommandDispatcher(gateway, keys, new ConflictRetry(3, Duration.ofMillis(1)));

    @Test
    void withoutAKeyOnlyTheCallerTravelsInTheMetadata() {
        when(gateway.sendAndWait(eq(CHANGE), any(MetaData.class))).thenReturn(2L);

        CommandAnswer answer = dispatcher.dispatch(CHANGE, "alice-sub", null, BODY);

        assertThat(answer).isEqualTo(new CommandAnswer(200, 2, false));
        assertThat(sentMetaData()).containsExactlyEntriesOf(Map.of("sub", "alice-sub"));
        verifyNoInteractions(keys);
    }

    @Test
    void aNewKeyTravelsInTheMetadataWithTheRequestHash() {
        when(keys.earlierAnswer("alice", "k", Operation.CHANGE, Operation.CHANGE.requestHash(BODY)))
                .thenReturn(Optional.empty());
        when(gateway.sendAndWait(eq(CHANGE), any(MetaData.class))).thenReturn(2L);

        dispatcher.dispatch(CHANGE, "alice-sub", "k", BODY);

        assertThat(sentMetaData()).containsExactlyInAnyOrderEntriesOf(Map.of("sub", "alice-sub",
                "idempotencyKey", "k", "requestHash", Operation.CHANGE.requestHash(BODY)));
    }

    @Test
    void aKnownKeyAnswersTheEarlierAnswerWithoutSendingAnything() {
        CommandAnswer earlier = new CommandAnswer(200, 7, true);
        when(keys.earlierAnswer("alice", "k", Operation.CHANGE, Operation.CHANGE.requestHash(BODY)))
                .thenReturn(Optional.of(earlier));

        assertThat(dispatcher.dispatch(CHANGE, "alice-sub", "k", BODY)).isEqualTo(earlier);
        verify(gateway, never()).sendAndWait(any(), any(MetaData.class));
    }

    @Test
    void aDuplicateThatLostTheRaceAnswersTheWinnersAnswer() {
        CommandAnswer winner = new CommandAnswer(200, 2, true);
        when(keys.earlierAnswer("alice", "k", Operation.CHANGE, Operation.CHANGE.requestHash(BODY)))
                .thenReturn(Optional.empty(), Optional.of(winner));
        when(gateway.sendAndWait(eq(CHANGE), any(MetaData.class)))
                .thenThrow(new DuplicateKeyException("idempotency_keys_pkey"));

        assertThat(dispatcher.dispatch(CHANGE, "alice-sub", "k", BODY)).isEqualTo(winner);
    }

    @Test
    void aRefusalWithAKeyNobodyStoredIsReported() {
        when(keys.earlierAnswer("alice", "k", Operation.CHANGE, Operation.CHANGE.requestHash(BODY)))
                .thenReturn(Optional.empty());
        when(gateway.sendAndWait(eq(CHANGE), any(MetaData.class)))
                .thenThrow(new PreferencesNotFoundException("alice"));

        assertThatThrownBy(() -> dispatcher.dispatch(CHANGE, "alice-sub", "k", BODY))
                .isInstanceOf(PreferencesNotFoundException.class);
    }

    private MetaData sentMetaData() {
        ArgumentCaptor<MetaData> metaData = ArgumentCaptor.forClass(MetaData.class);
        verify(gateway).sendAndWait(eq(CHANGE), metaData.capture());
        return metaData.getValue();
    }
}

package dev.prefs.command.preferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.prefs.platform.security.Caller;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.jwt.Jwt;

class PreferencesCommandControllerTest {

    private final PreferencesCommandDispatcher dispatcher = mock(PreferencesCommandDispatcher.class);
    private final PreferencesCommandController controller =
            new PreferencesCommandController(mock(PreferencesBodyReader.class), dispatcher);

    @Test
    void theSubjectOfTheBearerTokenIsTheCaller() {
        Jwt caller = Jwt.withTokenValue("token").header("alg", "HS256").subject("alice-sub").build();
        ResetPreferencesCommand reset = new ResetPreferencesCommand("alice", null, Caller.of(caller));
        when(dispatcher.dispatch(reset, "alice-sub", null, "")).thenReturn(new CommandAnswer(200, 3, false));

        ResponseEntity<PreferencesVersion> response = controller.reset("alice", null, null, caller);

        assertThat(response.getBody()).isEqualTo(new PreferencesVersion("alice", 3));
    }
}

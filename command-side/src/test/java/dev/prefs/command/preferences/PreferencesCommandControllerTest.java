package dev.prefs.command.preferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.security.Principal;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

class PreferencesCommandControllerTest {

    private final PreferencesCommandDispatcher dispatcher = mock(PreferencesCommandDispatcher.class);
    private final PreferencesCommandController controller =
            new PreferencesCommandController(mock(PreferencesBodyReader.class), dispatcher);

    @Test
    void theAuthenticatedPrincipalIsTheCaller() {
        ResetPreferencesCommand reset = new ResetPreferencesCommand("alice", null);
        when(dispatcher.dispatch(reset, "alice-sub", null, "")).thenReturn(new CommandAnswer(200, 3, false));
        Principal principal = () -> "alice-sub";

        ResponseEntity<PreferencesVersion> response = controller.reset("alice", null, null, principal);

        assertThat(response.getBody()).isEqualTo(new PreferencesVersion("alice", 3));
    }

    @Test
    void withoutAPrincipalTheCallerIsAnonymous() {
        DeletePreferencesCommand delete = new DeletePreferencesCommand("alice", new ExpectedVersion(2L));
        when(dispatcher.dispatch(delete, "anonymous", "k", "")).thenReturn(new CommandAnswer(204, 3, false));

        ResponseEntity<PreferencesVersion> response = controller.delete("alice", "\"2\"", "k", null);

        assertThat(response.getStatusCode().value()).isEqualTo(204);
        verify(dispatcher).dispatch(delete, "anonymous", "k", "");
    }
}

package dev.prefs.command.preferences;

import dev.prefs.platform.security.Caller;
import dev.prefs.platform.security.JwtTokens;
import dev.prefs.platform.problem.ProblemType;
import java.util.Set;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

/** The callers the aggregate tests send commands as, and what a refusal of one of them looks like. */
public final class Callers {

    private Callers() {
    }

    /** A user acting on their own preferences, with no tenant claim. */
    public static Caller user(String userId) {
        return new Caller(userId, Set.of(), null);
    }

    /** A user whose token carries a tenant claim. */
    public static Caller userOf(String userId, String tenant) {
        return new Caller(userId, Set.of(), tenant);
    }

    public static Caller admin() {
        return new Caller("admin", Set.of(JwtTokens.ADMIN_SCOPE), null);
    }

    public static Caller tenantAdmin(String tenant) {
        return new Caller(tenant + "-admin", Set.of(JwtTokens.TENANT_ADMIN_SCOPE), tenant);
    }

    /** A {@link CommandRefusedException} with a detail and this problem type. */
    public static Matcher<Throwable> refusedAs(ProblemType type) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(Throwable e) {
                return e instanceof CommandRefusedException refused && refused.type() == type
                       && refused.getMessage() != null && !refused.getMessage().isBlank();
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a refusal as " + type);
            }
        };
    }
}

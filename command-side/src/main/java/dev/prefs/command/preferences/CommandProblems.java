package dev.prefs.command.preferences;

import dev.prefs.platform.openapi.Problem;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The error answers every command request can get, for the OpenAPI document. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Problem(status = 400, when = "Invalid id in the path, If-Match, Idempotency-Key or body; errors names each")
@Problem(status = 409, when = "Concurrent writes to this aggregate kept conflicting; nothing was changed, try again "
                              + "after Retry-After", retryAfter = true)
@Problem(status = 422, when = "The Idempotency-Key was used before with another request")
public @interface CommandProblems {
}

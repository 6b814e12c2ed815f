package dev.prefs.platform.openapi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * One error answer of an operation, for the OpenAPI document: the status and when it happens. The body is always
 * the {@code ProblemDetail} schema as {@code application/problem+json}. 400 (malformed request line or header), 401,
 * 403, 406 and 503 (database unavailable) are added to every protected operation without being named here. It may
 * also sit on an annotation of one's own that gathers the answers several operations share; two answers with the
 * same status are listed as one, their descriptions joined.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Repeatable(Problems.class)
public @interface Problem {

    /** The HTTP status, 4xx or 5xx. */
    int status();

    /** When the operation answers it; empty for the status's usual meaning. */
    String when() default "";

    /** Whether the answer carries Retry-After (every 503 does). */
    boolean retryAfter() default false;
}

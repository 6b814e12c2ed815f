package dev.prefs.migrations.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.context.ContextCustomizerFactories;

/**
 * On a Spring test class: the application under test connects to the class's own {@link TestDatabase}, the one
 * static field of that type it declares (or inherits), as {@code spring.datasource.*}. Which database, and whether it
 * starts empty or migrated, stays with the field, so every class keeps its own database and context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ContextCustomizerFactories(TestDatabaseContextCustomizerFactory.class)
public @interface TestDatabaseDataSource {
}

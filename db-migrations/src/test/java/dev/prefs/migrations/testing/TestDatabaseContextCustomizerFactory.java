package dev.prefs.migrations.testing;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/** What {@link TestDatabaseDataSource} does: finds the test class's {@link TestDatabase} and points Spring at it. */
class TestDatabaseContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
                                                     List<ContextConfigurationAttributes> configAttributes) {
        TestDatabase database = databaseOf(testClass);
        return new DataSourceProperties(database.url(), database.username(), database.password());
    }

    private static TestDatabase databaseOf(Class<?> testClass) {
        List<Field> fields = new ArrayList<>();
        for (Class<?> type = testClass; type != null; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) && field.getType() == TestDatabase.class) {
                    fields.add(field);
                }
            }
        }
        if (fields.size() != 1) {
            throw new IllegalStateException(testClass.getName() + " is annotated @TestDatabaseDataSource, so it needs"
                                            + " exactly one static TestDatabase field; it has " + fields);
        }
        Field field = fields.get(0);
        try {
            field.setAccessible(true);
            TestDatabase database = (TestDatabase) field.get(null);
            if (database == null) {
                throw new IllegalStateException(field + " is null: the datasource needs the database first");
            }
            return database;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Cannot read " + field, e);
        }
    }

    /**
     * Added ahead of every other property source, as {@code @DynamicPropertySource} would be. A record, so the
     * Spring context cache tells two classes apart by their databases and shares nothing between them.
     */
    private record DataSourceProperties(String url, String username, String password) implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration merged) {
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("testDatabase", Map.of(
                    "spring.datasource.url", url,
                    "spring.datasource.username", username,
                    "spring.datasource.password", password)));
        }
    }
}

package dev.prefs.migrations.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

/** {@link TestDatabaseDataSource} hands Spring the test class's own database, and says so when there is none. */
@SpringJUnitConfig(TestDatabaseDataSourceIT.Empty.class)
@TestDatabaseDataSource
class TestDatabaseDataSourceIT {

    static final TestDatabase DB = TestDatabase.create("datasource_wiring");

    @Configuration(proxyBeanMethods = false)
    static class Empty {
    }

    @Autowired
    Environment environment;

    @Test
    void theDatasourcePropertiesAreThoseOfTheClassesDatabase() {
        assertThat(environment.getProperty("spring.datasource.url")).isEqualTo(DB.url()).contains(DB.name());
        assertThat(environment.getProperty("spring.datasource.username")).isEqualTo(DB.username());
        assertThat(environment.getProperty("spring.datasource.password")).isEqualTo(DB.password());
    }

    @Test
    void twoClassesWithTheirOwnDatabasesGetTwoContexts() {
        TestDatabaseContextCustomizerFactory factory = new TestDatabaseContextCustomizerFactory();
        assertThat(factory.createContextCustomizer(TestDatabaseDataSourceIT.class, List.of()))
                .isEqualTo(factory.createContextCustomizer(TestDatabaseDataSourceIT.class, List.of()))
                .isNotEqualTo(factory.createContextCustomizer(OtherDatabase.class, List.of()));
    }

    @Test
    void aClassWithoutADatabaseIsToldWhatItLacks() {
        assertThatIllegalStateException()
                .isThrownBy(() -> new TestDatabaseContextCustomizerFactory().createContextCustomizer(NoDatabase.class,
                        List.of()))
                .withMessageContaining(NoDatabase.class.getName())
                .withMessageContaining("exactly one static TestDatabase field");
    }

    static class OtherDatabase {
        static final TestDatabase DB = TestDatabase.create("datasource_wiring_other");
    }

    static class NoDatabase {
    }
}

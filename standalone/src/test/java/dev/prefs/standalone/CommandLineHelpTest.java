package dev.prefs.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CommandLineHelpTest {

    @Test
    void listsEverySubcommand() {
        assertThat(CommandLineHelp.TEXT)
                .contains("prefs-standalone.jar " + TokenCommand.NAME + " <userId>")
                .contains("prefs-standalone.jar rebuild <projection>")
                .contains("prefs-standalone.jar " + MigrationsCommand.NAME + " migrate|info|validate|repair|baseline")
                .contains("prefs-standalone.jar " + KeysCommand.ENCRYPT + " [--keep-clear-copy]")
                .contains("prefs-standalone.jar " + KeysCommand.ROTATE);
    }

    /** The README's settings table is the list of what a user may set; the help must not forget one. */
    @Test
    void listsEverySettingOfTheReadme() throws IOException {
        List<String> settings = readmeSettings();
        assertThat(settings).contains("PREFS_DATA_DIR", "SERVER_PORT", "PREFS_JWT_SECRET", "PREFS_MIGRATE_ON_START",
                "SPRING_DATASOURCE_URL");
        for (String setting : settings) {
            assertThat(CommandLineHelp.TEXT).as(setting).contains(setting);
        }
    }

    @Test
    void isAskedForWithHelpOrHAnywhere() {
        assertThat(CommandLineHelp.asked(new String[] {"--help"})).isTrue();
        assertThat(CommandLineHelp.asked(new String[] {"--server.port=9090", "-h"})).isTrue();
        assertThat(CommandLineHelp.asked(new String[] {"--server.port=9090"})).isFalse();
        assertThat(CommandLineHelp.asked(new String[] {})).isFalse();
    }

    private static List<String> readmeSettings() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String table = readme.substring(readme.indexOf("| variable | default | what it does |"));
        table = table.substring(0, table.indexOf("\n\n"));
        Matcher variable = Pattern.compile("^\\| ([^|]+)\\|", Pattern.MULTILINE).matcher(table);
        List<String> names = new ArrayList<>();
        while (variable.find()) {
            Matcher name = Pattern.compile("`([A-Z][A-Z0-9_]+)`").matcher(variable.group(1));
            while (name.find()) {
                names.add(name.group(1));
            }
        }
        return names;
    }
}

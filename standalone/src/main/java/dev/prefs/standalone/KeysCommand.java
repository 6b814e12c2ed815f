package dev.prefs.standalone;

import dev.prefs.platform.crypto.EventTableEncryption;
import dev.prefs.platform.crypto.PersonalDataKeys;
import java.io.PrintStream;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code encrypt-events [--keep-clear-copy]}: the one-off copy of the event table into its encrypted form
 * ({@link EventTableEncryption}); {@code rotate-master-key}: re-wraps every data key under {@code PREFS_MASTER_KEY},
 * with the old key in {@code PREFS_MASTER_KEY_PREVIOUS} ({@link PersonalDataKeys#rewrapAll}). Both start the service
 * without its web server on the configured database, do their work, print what they did and exit.
 */
final class KeysCommand {

    static final String ENCRYPT = "encrypt-events";
    static final String ROTATE = "rotate-master-key";

    private KeysCommand() {
    }

    static boolean handles(String[] args) {
        return args.length > 0 && (args[0].equals(ENCRYPT) || args[0].equals(ROTATE));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        SpringApplication application = new SpringApplication(PrefsApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        boolean keepClear = Arrays.asList(rest).contains("--keep-clear-copy");
        try (ConfigurableApplicationContext context = application.run(
                Arrays.stream(rest).filter(arg -> !arg.equals("--keep-clear-copy")).toArray(String[]::new))) {
            if (args[0].equals(ENCRYPT)) {
                EventTableEncryption.Result result = context.getBean(EventTableEncryption.class).run(keepClear);
                out.println(result.swapped()
                        ? "encrypted " + result.copied() + " events; the event table is now the encrypted one"
                          + (keepClear ? " (the clear copy is kept as domain_event_entry_clear: drop it once checked)"
                                       : "")
                        : "nothing to do: the event table is already encrypted");
            } else {
                long moved = context.getBean(PersonalDataKeys.class).rewrapAll();
                out.println("re-wrapped " + moved + " keys under the new master key; PREFS_MASTER_KEY_PREVIOUS can "
                            + "now be removed from every process");
            }
            return 0;
        } catch (RuntimeException e) {
            err.println(args[0] + " failed: " + e.getMessage());
            return 1;
        }
    }
}

package dev.prefs.command.preferences;

import dev.prefs.platform.problem.ProblemType;

/**
 * A command the rules refuse with a problem of the catalogue that needs no more than a detail (a caller who may not
 * do this, a layer that would enforce a field it has no default for). Nothing was written.
 */
public class CommandRefusedException extends RuntimeException {

    private final ProblemType type;

    public CommandRefusedException(ProblemType type, String detail) {
        super(detail);
        this.type = type;
    }

    public static CommandRefusedException forbidden(String detail) {
        return new CommandRefusedException(ProblemType.FORBIDDEN, detail);
    }

    public ProblemType type() {
        return type;
    }
}

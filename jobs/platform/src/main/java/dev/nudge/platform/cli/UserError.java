package dev.nudge.platform.cli;

/**
 * Something the person running the command can fix (a missing file, a bad value, a sequence without data): printed
 * as one line, exit code 2, no stack trace.
 */
public final class UserError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UserError(String message) {
        super(message);
    }
}

package dev.nudge.cli;

/** Something the person running the command can fix (a missing file, a sequence without data): one line, exit 2. */
final class UserError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UserError(String message) {
        super(message);
    }
}

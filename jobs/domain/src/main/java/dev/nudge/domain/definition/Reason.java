package dev.nudge.domain.definition;

/** One problem with a definition: where (a path such as {@code steps[1].delay.after}) and what. */
record Reason(String path, String message) {

    /** Whether this reason is about the given path or something inside it. */
    boolean isWithin(String other) {
        return path.equals(other) || path.startsWith(other + ".") || path.startsWith(other + "[");
    }

    @Override
    public String toString() {
        return path.isEmpty() ? message : path + ": " + message;
    }
}

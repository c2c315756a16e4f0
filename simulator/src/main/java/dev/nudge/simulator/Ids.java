package dev.nudge.simulator;

/** Event and order ids: a short tag of the seed, so runs with different seeds never share an id. */
final class Ids {

    private Ids() {
    }

    /** Eight hex digits derived from the seed, e.g. {@code "3f9a0c1e"}. */
    static String prefix(long seed) {
        return String.format("%08x", (int) RandomSource.of(seed).derive("ids").nextLong());
    }
}

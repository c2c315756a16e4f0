package dev.nudge.benchmark;

import dev.nudge.cli.BenchOptions.StateBackend;
/**
 * One measured figure next to its baseline, measured in the same run.
 *
 * @param name     what is measured and in what unit, e.g. "events/s"
 * @param backend  the state backend it ran on
 * @param nudge    Nudge's figure
 * @param baseline the baseline's figure
 * @param against  what the baseline is
 */
record Figure(String name, StateBackend backend, double nudge, double baseline, String against) {

    double ratio() {
        return nudge / baseline;
    }
}

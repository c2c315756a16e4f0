package dev.nudge.demo;

import java.io.PrintStream;

/**
 * On a terminal, one line that redraws itself: a bar and a short status. Elsewhere (a log, a pipe, CI) no carriage
 * returns: a plain line at every tenth of the way.
 */
final class ProgressBar {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final int total;
    private final boolean terminal;
    private int lastTenth = -1;

    ProgressBar(PrintStream out, int total) {
        this(out, total, out == System.out && System.console() != null);
    }

    ProgressBar(PrintStream out, int total, boolean terminal) {
        this.out = out;
        this.total = total;
        this.terminal = terminal;
    }

    void show(int done, String status) {
        if (terminal) {
            int filled = total == 0 ? WIDTH : done * WIDTH / total;
            out.printf("\r  [%s%s] %d/%d %s", "#".repeat(filled), ".".repeat(WIDTH - filled), done, total, status);
            out.flush();
            return;
        }
        int tenth = total == 0 ? 10 : done * 10 / total;
        if (tenth != lastTenth || done == total) {
            lastTenth = tenth;
            out.printf("  %d/%d %s%n", done, total, status);
        }
    }

    void finish() {
        if (terminal) {
            out.println();
        }
    }
}

package dev.nudge.demo;

import java.io.PrintStream;

/** One line that redraws itself: a bar and a short status. */
final class ProgressBar {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final int total;

    ProgressBar(PrintStream out, int total) {
        this.out = out;
        this.total = total;
    }

    void show(int done, String status) {
        int filled = total == 0 ? WIDTH : done * WIDTH / total;
        out.printf("\r  [%s%s] %d/%d %s", "#".repeat(filled), ".".repeat(WIDTH - filled), done, total, status);
        out.flush();
    }

    void finish() {
        out.println();
    }
}

package dev.nudge.replay;

/** An order export that cannot be replayed at all; the message names the line and the column. */
public class OrderFileException extends RuntimeException {

    public OrderFileException(String message) {
        super(message);
    }
}

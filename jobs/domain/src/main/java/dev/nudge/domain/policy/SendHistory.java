package dev.nudge.domain.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The texts one recipient got recently, across all sequences, oldest first. Only what the contact caps can
 * still see is kept: sends older than {@link #RETENTION} (the widest cap window) are pruned, and at most
 * {@link #CAPACITY} entries are kept. A Flink POJO for keyed state.
 */
public class SendHistory {

    public static final Duration RETENTION = Duration.ofDays(7);
    public static final int CAPACITY = 50;

    private List<SentText> sends = new ArrayList<>();

    public SendHistory() {
    }

    public List<SentText> getSends() {
        return sends;
    }

    public void setSends(List<SentText> sends) {
        this.sends = sends;
    }

    /** Records a send and forgets what no cap can see any more. Out-of-order sends are placed by time. */
    public void record(Instant at, String sequenceId, String subject) {
        sends.add(new SentText(at.toEpochMilli(), sequenceId, subject));
        sends.sort(Comparator.comparingLong(SentText::getEpochMillis));
        long newest = sends.get(sends.size() - 1).getEpochMillis();
        prune(Instant.ofEpochMilli(newest));
    }

    /** Drops sends at least {@link #RETENTION} older than {@code now}, then the oldest beyond {@link #CAPACITY}. */
    public void prune(Instant now) {
        long horizon = now.minus(RETENTION).toEpochMilli();
        sends.removeIf(sent -> sent.getEpochMillis() <= horizon);
        while (sends.size() > CAPACITY) {
            sends.remove(0);
        }
    }

    /** All send times, ascending. */
    List<Long> sendTimes() {
        return sends.stream().map(SentText::getEpochMillis).sorted().toList();
    }

    /** Times of the sends about {@code subject}, ascending. */
    List<Long> sendTimesAbout(String subject) {
        return sends.stream()
                .filter(sent -> subject.equals(sent.getSubject()))
                .map(SentText::getEpochMillis)
                .sorted()
                .toList();
    }
}

package dev.nudge.domain.consent;

/** The newest entry of one kind for one phone: when it happened, where it came from and its proof. A Flink POJO. */
public class ConsentMark {
    public long atMillis;
    public String source;
    public String evidence;

    public ConsentMark() {}

    ConsentMark(long atMillis, String source, String evidence) {
        this.atMillis = atMillis;
        this.source = source;
        this.evidence = evidence;
    }
}

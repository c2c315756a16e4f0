package dev.nudge.domain.policy;

import java.util.Objects;

/** One text we sent (or reserved a slot for). A Flink POJO: kept inside {@link SendHistory} in keyed state. */
public class SentText {

    private long epochMillis;
    private String sequenceId;
    private String subject;

    public SentText() {
    }

    public SentText(long epochMillis, String sequenceId, String subject) {
        this.epochMillis = epochMillis;
        this.sequenceId = sequenceId;
        this.subject = subject;
    }

    public long getEpochMillis() {
        return epochMillis;
    }

    public void setEpochMillis(long epochMillis) {
        this.epochMillis = epochMillis;
    }

    public String getSequenceId() {
        return sequenceId;
    }

    public void setSequenceId(String sequenceId) {
        this.sequenceId = sequenceId;
    }

    public String getSubject() {
        return subject;
    }

    public void setSubject(String subject) {
        this.subject = subject;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SentText that && epochMillis == that.epochMillis
                && Objects.equals(sequenceId, that.sequenceId) && Objects.equals(subject, that.subject);
    }

    @Override
    public int hashCode() {
        return Objects.hash(epochMillis, sequenceId, subject);
    }

    @Override
    public String toString() {
        return "SentText{" + epochMillis + ", " + sequenceId + ", " + subject + "}";
    }
}

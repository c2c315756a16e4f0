package dev.nudge.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SendHistoryTest {

    private static final Instant T0 = Instant.parse("2025-06-10T15:00:00Z");

    @Test
    void isAFlinkPojo() {
        FlinkPojoShape.assertFlinkPojo(SendHistory.class);
        FlinkPojoShape.assertFlinkPojo(SentText.class);
    }

    @Test
    void startsEmpty() {
        assertThat(new SendHistory().getSends()).isEmpty();
    }

    @Test
    void keepsSendsInTimeOrderEvenWhenRecordedOutOfOrder() {
        SendHistory history = new SendHistory();
        history.record(T0.plusSeconds(60), "seq-b", "sku-2");
        history.record(T0, "seq-a", "sku-1");
        history.record(T0.plusSeconds(30), "seq-c", null);
        assertThat(history.getSends()).containsExactly(
                new SentText(T0.toEpochMilli(), "seq-a", "sku-1"),
                new SentText(T0.plusSeconds(30).toEpochMilli(), "seq-c", null),
                new SentText(T0.plusSeconds(60).toEpochMilli(), "seq-b", "sku-2"));
    }

    @Test
    void forgetsSendsAWeekOlderThanTheNewest() {
        SendHistory history = new SendHistory();
        history.record(T0, "seq", "a");
        history.record(T0.plus(Duration.ofDays(7)).minusMillis(1), "seq", "b");
        assertThat(history.getSends()).extracting(SentText::getSubject).containsExactly("a", "b");
        history.record(T0.plus(Duration.ofDays(7)), "seq", "c");
        assertThat(history.getSends()).extracting(SentText::getSubject).containsExactly("b", "c");
    }

    @Test
    void pruneForgetsRelativeToNow() {
        SendHistory history = new SendHistory();
        history.record(T0, "seq", "a");
        history.record(T0.plus(Duration.ofDays(2)), "seq", "b");
        history.prune(T0.plus(Duration.ofDays(8)));
        assertThat(history.getSends()).extracting(SentText::getSubject).containsExactly("b");
        history.prune(T0.plus(Duration.ofDays(30)));
        assertThat(history.getSends()).isEmpty();
    }

    @Test
    void keepsAtMostCapacityEntriesDroppingTheOldest() {
        SendHistory history = new SendHistory();
        for (int i = 0; i < SendHistory.CAPACITY + 5; i++) {
            history.record(T0.plusSeconds(i), "seq", "s" + i);
        }
        assertThat(history.getSends()).hasSize(SendHistory.CAPACITY);
        assertThat(history.getSends().get(0).getSubject()).isEqualTo("s5");
    }

    @Test
    void sendTimesAreAscendingAndFilterBySubject() {
        SendHistory history = new SendHistory();
        history.record(T0.plusSeconds(20), "seq", "x");
        history.record(T0, "seq", "y");
        history.record(T0.plusSeconds(10), "seq", "x");
        assertThat(history.sendTimes()).containsExactly(T0.toEpochMilli(), T0.toEpochMilli() + 10_000,
                T0.toEpochMilli() + 20_000);
        assertThat(history.sendTimesAbout("x")).containsExactly(T0.toEpochMilli() + 10_000, T0.toEpochMilli() + 20_000);
        assertThat(history.sendTimesAbout("none")).isEmpty();
    }

    @Test
    void aRestoredListIsUsedAsIs() {
        SendHistory history = new SendHistory();
        history.setSends(new ArrayList<>(List.of(new SentText(T0.toEpochMilli(), "seq", "a"))));
        history.record(T0.plusSeconds(1), "seq", "b");
        assertThat(history.getSends()).hasSize(2);
    }
}

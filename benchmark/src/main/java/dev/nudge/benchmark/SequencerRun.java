package dev.nudge.benchmark;

import dev.nudge.domain.engine.EngineSettings;
import dev.nudge.events.ConsentEntry;
import dev.nudge.events.DeadLetter;
import dev.nudge.events.Decision;
import dev.nudge.events.SmsIntent;
import dev.nudge.sequencer.ReferenceInput;
import dev.nudge.sequencer.SequencerInput;
import dev.nudge.sequencer.SequencerJob;
import dev.nudge.sequencer.SequencerSettings;
import dev.nudge.sequencer.TimeMode;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

import java.time.Duration;

/** The real sequencer job ({@link SequencerJob#build}) on in-memory sources, with the benchmark's decisions sink. */
final class SequencerRun {

    /**
     * Event time, in-order inputs and no idleness (an input that waits for the definitions must not be taken for
     * idle). Checkpoints every hour, i.e. never during a run: the figures leave checkpoint cost out.
     */
    static final SequencerSettings SETTINGS = new SequencerSettings("unused:9092", "", "nudge-benchmark",
            TimeMode.EVENT_TIME, Duration.ZERO, Duration.ofDays(3650), Duration.ofHours(1), Duration.ofMinutes(10),
            EngineSettings.defaults());

    private SequencerRun() {}

    /**
     * @param holdOpen whether the unused inputs stay open with the customers' (a job stopped with a savepoint must
     *                 have no finished task), or end at once
     */
    static void build(StreamExecutionEnvironment env, Feed<SequencerInput> customers, Feed<ReferenceInput> references,
                      DecisionProbeSink.Tap tap, boolean holdOpen) {
        SequencerJob.build(env, new SequencerJob.Sources(
                        new InMemorySource<>(Types.POJO(SequencerInput.class), customers),
                        InMemorySource.empty(SequencerInput.class, holdOpen),
                        InMemorySource.empty(SequencerInput.class, holdOpen),
                        InMemorySource.empty(SequencerInput.class, holdOpen),
                        new InMemorySource<>(Types.POJO(ReferenceInput.class), references),
                        InMemorySource.empty(ReferenceInput.class, holdOpen)),
                new SequencerJob.Sinks(new DiscardingSink<SmsIntent>(), new DecisionProbeSink(tap),
                        new DiscardingSink<Decision>(), new DiscardingSink<DeadLetter>(),
                        new DiscardingSink<ConsentEntry>()),
                SETTINGS);
    }
}

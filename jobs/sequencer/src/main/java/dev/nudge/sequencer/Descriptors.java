package dev.nudge.sequencer;

import dev.nudge.domain.bandit.ArmCounts;
import dev.nudge.domain.consent.ConsentLedger;
import dev.nudge.domain.engine.CustomerState;
import dev.nudge.events.CatalogUpdate;
import dev.nudge.events.ConsentEntry;
import dev.nudge.events.DeadLetter;
import dev.nudge.events.Decision;
import dev.nudge.events.SequenceDefinition;
import dev.nudge.events.SmsIntent;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.util.OutputTag;

import java.util.List;

/** Every state descriptor and output tag of the sequencer, in one place. */
public final class Descriptors {

    private Descriptors() {}

    /** The customer's state with the time of their one timer inside ({@code CustomerState.timerMillis}). */
    public static final ValueStateDescriptor<CustomerState> CUSTOMER =
            new ValueStateDescriptor<>("customer", new CustomerStateSerializer());

    /**
     * Where the customer's timer time was kept before it moved into the customer state: read once for a state
     * restored from then ({@code CustomerState.TIMER_UNKNOWN}) and cleared.
     */
    public static final ValueStateDescriptor<Long> LEGACY_TIMER = new ValueStateDescriptor<>("timer", Types.LONG);

    /** How many wake-ups of the customer failed in a row; the customer is quarantined at the limit (CustomerGuard). */
    public static final ValueStateDescriptor<Integer> FAILED_WAKE_UPS =
            new ValueStateDescriptor<>("failed-wake-ups", Types.INT);

    /** The suppression gate's ledger of one (brand, phone), once an opt-out or revocation named it. */
    public static final ValueStateDescriptor<ConsentLedger> PHONE_LEDGER =
            new ValueStateDescriptor<>("phone-ledger", TypeInformation.of(ConsentLedger.class));

    /** Texts the suppression gate holds until event time passes theirs, by that time. */
    public static final MapStateDescriptor<Long, List<SmsIntent>> HELD_TEXTS = new MapStateDescriptor<>(
            "held-texts", Types.LONG, new ListTypeInfo<>(new AvroTypeInfo<>(SmsIntent.class)));

    /** Accepted definition versions, keyed by brand/sequence/version. */
    public static final MapStateDescriptor<String, SequenceDefinition> DEFINITIONS = new MapStateDescriptor<>(
            "definitions", Types.STRING, new AvroTypeInfo<>(SequenceDefinition.class));

    /** The current catalog, keyed by brand/sku. */
    public static final MapStateDescriptor<String, CatalogUpdate> CATALOG = new MapStateDescriptor<>(
            "catalog", Types.STRING, new AvroTypeInfo<>(CatalogUpdate.class));

    /** Bandit counts per brand/sequence/step/variant/version ({@code PosteriorBook.countsKey}). */
    public static final MapStateDescriptor<String, ArmCounts> POSTERIOR_COUNTS = new MapStateDescriptor<>(
            "variant-posterior-counts", Types.STRING, TypeInformation.of(ArmCounts.class));

    /** Per brand/sequence/step, the first definition version whose outcomes count (its latest reset). */
    public static final MapStateDescriptor<String, Integer> POSTERIOR_STARTS = new MapStateDescriptor<>(
            "variant-posterior-starts", Types.STRING, Types.INT);

    /** Every broadcast state of the sequencer, for {@code broadcast(...)} and test harnesses. */
    public static final List<MapStateDescriptor<?, ?>> BROADCAST_STATE =
            List.of(DEFINITIONS, CATALOG, POSTERIOR_COUNTS, POSTERIOR_STARTS);

    public static final OutputTag<Decision> DECISIONS =
            new OutputTag<>("decisions", new AvroTypeInfo<>(Decision.class));

    public static final OutputTag<Decision> DEFINITION_REJECTIONS =
            new OutputTag<>("definition-rejections", new AvroTypeInfo<>(Decision.class));

    /** Consent facts the engine learnt, for the suppression list. */
    public static final OutputTag<ConsentEntry> SUPPRESSIONS =
            new OutputTag<>("suppressions", new AvroTypeInfo<>(ConsentEntry.class));

    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", new AvroTypeInfo<>(DeadLetter.class));
}

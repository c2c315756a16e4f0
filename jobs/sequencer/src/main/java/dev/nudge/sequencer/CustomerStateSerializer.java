package dev.nudge.sequencer;

import dev.nudge.domain.consent.ConsentMark;
import dev.nudge.domain.consent.PhoneConsent;
import dev.nudge.domain.engine.ActiveSequence;
import dev.nudge.domain.engine.CustomerState;
import dev.nudge.domain.engine.OwnedItem;
import dev.nudge.domain.engine.RecentKeys;
import dev.nudge.domain.offer.DecayingScore;
import dev.nudge.domain.policy.EngagementStats;
import dev.nudge.domain.policy.SentText;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link CustomerState} in a compact, versioned format: lengths and counts as varints, every time as a zig-zag
 * varint delta from the customer's last activity, each distinct string (sku, sequence id, zone) written once per
 * customer and referred to by number after that, run and engagement ids as 64-bit hashes, the wake-up time inside.
 * {@link Snapshot} says which format version wrote a state and migrates state the POJO serializer wrote before.
 */
public final class CustomerStateSerializer extends TypeSerializer<CustomerState> {

    private static final long serialVersionUID = 1L;

    /** The format written now; {@link Snapshot#getCurrentVersion()}. */
    static final int VERSION = 1;

    private static final int GRANTED = 1, REVOKED = 2, OPTED_OUT = 4, OPTED_IN = 8;
    private static final int PHONE_INVALID = 1, AWAITING_RESPONSE = 2;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<CustomerState> duplicate() {
        return new CustomerStateSerializer();
    }

    @Override
    public CustomerState createInstance() {
        return new CustomerState();
    }

    /** A deep copy, field by field (strings and records are immutable and shared). */
    @Override
    public CustomerState copy(CustomerState from) {
        CustomerState copy = new CustomerState();
        copy.locationId = from.locationId;
        copy.phone = from.phone;
        copy.timeZone = from.timeZone;
        copy.locale = from.locale;
        copy.firstName = from.firstName;
        for (PhoneConsent phone : from.consent.phones) {
            PhoneConsent phoneCopy = new PhoneConsent();
            phoneCopy.phone = phone.phone;
            phoneCopy.granted = copy(phone.granted);
            phoneCopy.revoked = copy(phone.revoked);
            phoneCopy.optedOut = copy(phone.optedOut);
            phoneCopy.optedIn = copy(phone.optedIn);
            copy.consent.phones.add(phoneCopy);
        }
        copy.phoneInvalid = from.phoneInvalid;
        copy.lastActivityMillis = from.lastActivityMillis;
        for (OwnedItem item : from.owned) {
            OwnedItem itemCopy = new OwnedItem();
            itemCopy.sku = item.sku;
            itemCopy.boughtMillis = item.boughtMillis;
            copy.owned.add(itemCopy);
        }
        from.affinity.getSkus().forEach((sku, score) ->
                copy.affinity.getSkus().put(sku, new DecayingScore(score.getValue(), score.getUpdatedMillis())));
        from.affinity.getCategories().forEach((category, score) -> copy.affinity.getCategories()
                .put(category, new DecayingScore(score.getValue(), score.getUpdatedMillis())));
        for (ActiveSequence run : from.active) {
            copy.active.add(copy(run));
        }
        copy.lastExitMillis.putAll(from.lastExitMillis);
        copy.recentRuns.entries().addAll(from.recentRuns.entries());
        for (SentText sent : from.sends.getSends()) {
            copy.sends.getSends().add(new SentText(sent.getEpochMillis(), sent.getSequenceId(), sent.getSubject()));
        }
        copy.engagement = new EngagementStats(from.engagement.getIgnoredStreak(), from.engagement.isAwaitingResponse(),
                from.engagement.getLastSentMillis());
        copy.recentEngagements.entries().addAll(from.recentEngagements.entries());
        copy.timerMillis = from.timerMillis;
        return copy;
    }

    private static ConsentMark copy(ConsentMark mark) {
        if (mark == null) {
            return null;
        }
        ConsentMark copy = new ConsentMark();
        copy.atMillis = mark.atMillis;
        copy.source = mark.source;
        copy.evidence = mark.evidence;
        return copy;
    }

    private static ActiveSequence copy(ActiveSequence run) {
        ActiveSequence copy = new ActiveSequence();
        copy.sequenceId = run.sequenceId;
        copy.version = run.version;
        copy.triggerId = run.triggerId;
        copy.triggerLocationId = run.triggerLocationId;
        copy.triggerMillis = run.triggerMillis;
        copy.startedMillis = run.startedMillis;
        copy.triggerSkus.addAll(run.triggerSkus);
        copy.runOutMillis = run.runOutMillis;
        copy.nextStep = run.nextStep;
        copy.dueMillis = run.dueMillis;
        copy.pausedUntilMillis = run.pausedUntilMillis;
        copy.heldSinceMillis = run.heldSinceMillis;
        copy.offeredSkus.addAll(run.offeredSkus);
        copy.textsSent = run.textsSent;
        return copy;
    }

    @Override
    public CustomerState copy(CustomerState from, CustomerState reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(CustomerState state, DataOutputView out) throws IOException {
        Writer writer = new Writer(out, state.lastActivityMillis);
        writeVarLong(out, state.lastActivityMillis);
        writer.timer(state.timerMillis);
        out.writeByte((state.phoneInvalid ? PHONE_INVALID : 0) | (state.engagement.isAwaitingResponse() ? AWAITING_RESPONSE : 0));
        writer.string(state.locationId);
        writer.string(state.phone);
        writer.string(state.timeZone);
        writer.string(state.locale);
        writer.string(state.firstName);

        writeVarInt(out, state.consent.phones.size());
        for (PhoneConsent phone : state.consent.phones) {
            writer.string(phone.phone);
            out.writeByte((phone.granted != null ? GRANTED : 0) | (phone.revoked != null ? REVOKED : 0)
                    | (phone.optedOut != null ? OPTED_OUT : 0) | (phone.optedIn != null ? OPTED_IN : 0));
            for (ConsentMark mark : new ConsentMark[] {phone.granted, phone.revoked, phone.optedOut, phone.optedIn}) {
                if (mark != null) {
                    writer.time(mark.atMillis);
                    writer.string(mark.source);
                    writer.string(mark.evidence);
                }
            }
        }

        writeVarInt(out, state.owned.size());
        for (OwnedItem item : state.owned) {
            writer.string(item.sku);
            writer.time(item.boughtMillis);
        }
        writer.scores(state.affinity.getSkus());
        writer.scores(state.affinity.getCategories());

        writeVarInt(out, state.active.size());
        for (ActiveSequence run : state.active) {
            writer.string(run.sequenceId);
            writeVarInt(out, run.version);
            writer.string(run.triggerId);
            writer.string(run.triggerLocationId);
            writer.time(run.triggerMillis);
            writer.optionalTime(run.startedMillis);
            writer.strings(run.triggerSkus);
            writer.optionalTime(run.runOutMillis);
            writeVarInt(out, run.nextStep);
            writer.time(run.dueMillis);
            writer.optionalTime(run.pausedUntilMillis);
            writer.optionalTime(run.heldSinceMillis);
            writer.strings(run.offeredSkus);
            writeVarInt(out, run.textsSent);
        }

        writeVarInt(out, state.lastExitMillis.size());
        for (Map.Entry<String, Long> exit : state.lastExitMillis.entrySet()) {
            writer.string(exit.getKey());
            writer.time(exit.getValue());
        }
        writer.keys(state.recentRuns);
        writeVarInt(out, state.sends.getSends().size());
        for (SentText sent : state.sends.getSends()) {
            writer.time(sent.getEpochMillis());
            writer.string(sent.getSequenceId());
            writer.string(sent.getSubject());
        }
        writeVarInt(out, state.engagement.getIgnoredStreak());
        writer.optionalTime(state.engagement.getLastSentMillis());
        writer.keys(state.recentEngagements);
    }

    @Override
    public CustomerState deserialize(DataInputView in) throws IOException {
        long base = readVarLong(in);
        Reader reader = new Reader(in, base);
        CustomerState state = new CustomerState();
        state.lastActivityMillis = base;
        state.timerMillis = reader.timer();
        int flags = in.readUnsignedByte();
        state.phoneInvalid = (flags & PHONE_INVALID) != 0;
        state.locationId = reader.string();
        state.phone = reader.string();
        state.timeZone = reader.string();
        state.locale = reader.string();
        state.firstName = reader.string();

        for (int i = readVarInt(in); i > 0; i--) {
            PhoneConsent phone = new PhoneConsent();
            phone.phone = reader.string();
            int marks = in.readUnsignedByte();
            phone.granted = (marks & GRANTED) != 0 ? reader.mark() : null;
            phone.revoked = (marks & REVOKED) != 0 ? reader.mark() : null;
            phone.optedOut = (marks & OPTED_OUT) != 0 ? reader.mark() : null;
            phone.optedIn = (marks & OPTED_IN) != 0 ? reader.mark() : null;
            state.consent.phones.add(phone);
        }

        for (int i = readVarInt(in); i > 0; i--) {
            OwnedItem item = new OwnedItem();
            item.sku = reader.string();
            item.boughtMillis = reader.time();
            state.owned.add(item);
        }
        reader.scores(state.affinity.getSkus());
        reader.scores(state.affinity.getCategories());

        for (int i = readVarInt(in); i > 0; i--) {
            ActiveSequence run = new ActiveSequence();
            run.sequenceId = reader.string();
            run.version = readVarInt(in);
            run.triggerId = reader.string();
            run.triggerLocationId = reader.string();
            run.triggerMillis = reader.time();
            run.startedMillis = reader.optionalTime();
            reader.strings(run.triggerSkus);
            run.runOutMillis = reader.optionalTime();
            run.nextStep = readVarInt(in);
            run.dueMillis = reader.time();
            run.pausedUntilMillis = reader.optionalTime();
            run.heldSinceMillis = reader.optionalTime();
            reader.strings(run.offeredSkus);
            run.textsSent = readVarInt(in);
            state.active.add(run);
        }

        for (int i = readVarInt(in); i > 0; i--) {
            state.lastExitMillis.put(reader.string(), reader.time());
        }
        reader.keys(state.recentRuns);
        List<SentText> sends = state.sends.getSends();
        for (int i = readVarInt(in); i > 0; i--) {
            long at = reader.time();
            sends.add(new SentText(at, reader.string(), reader.string()));
        }
        state.engagement = new EngagementStats(readVarInt(in), (flags & AWAITING_RESPONSE) != 0, reader.optionalTime());
        reader.keys(state.recentEngagements);
        return state;
    }

    @Override
    public CustomerState deserialize(CustomerState reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CustomerStateSerializer;
    }

    @Override
    public int hashCode() {
        return CustomerStateSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<CustomerState> snapshotConfiguration() {
        return new Snapshot();
    }

    /**
     * The format version in a checkpoint. A state written by Flink's POJO serializer (before this one existed) is
     * compatible after migration: Flink reads it with the POJO serializer restored from its snapshot (fields since
     * removed are dropped) and writes it again in this format.
     */
    public static final class Snapshot implements TypeSerializerSnapshot<CustomerState> {

        @Override
        public int getCurrentVersion() {
            return VERSION;
        }

        @Override
        public void writeSnapshot(DataOutputView out) {
        }

        @Override
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader) {
            if (readVersion != VERSION) {
                throw new IllegalStateException("customer state format " + readVersion + " is unknown to this version");
            }
        }

        @Override
        public TypeSerializer<CustomerState> restoreSerializer() {
            return new CustomerStateSerializer();
        }

        @Override
        public TypeSerializerSchemaCompatibility<CustomerState> resolveSchemaCompatibility(
                TypeSerializerSnapshot<CustomerState> oldSnapshot) {
            if (oldSnapshot instanceof Snapshot) {
                return TypeSerializerSchemaCompatibility.compatibleAsIs();
            }
            if (oldSnapshot instanceof PojoSerializerSnapshot) {
                return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
            }
            return TypeSerializerSchemaCompatibility.incompatible();
        }
    }

    /** Writes times as deltas from the base and each distinct string once. */
    private static final class Writer {
        private final DataOutputView out;
        private final long base;
        private final Map<String, Integer> written = new HashMap<>();

        Writer(DataOutputView out, long base) {
            this.out = out;
            this.base = base;
        }

        /** 0 for null, 1 and the string the first time, 2 + its number after that. */
        void string(String value) throws IOException {
            if (value == null) {
                writeVarInt(out, 0);
                return;
            }
            Integer number = written.get(value);
            if (number != null) {
                writeVarInt(out, number + 2);
            } else {
                written.put(value, written.size());
                writeVarInt(out, 1);
                StringValue.writeString(value, out);
            }
        }

        void strings(List<String> values) throws IOException {
            writeVarInt(out, values.size());
            for (String value : values) {
                string(value);
            }
        }

        void time(long millis) throws IOException {
            writeVarLong(out, zigZag(millis - base));
        }

        /** 0 for "none" (a zero time), else the delta shifted by one. */
        void optionalTime(long millis) throws IOException {
            writeVarLong(out, millis == 0 ? 0 : zigZag(millis - base) + 1);
        }

        /** Like {@link #optionalTime} with 1 for {@link CustomerState#TIMER_UNKNOWN}. */
        void timer(long millis) throws IOException {
            writeVarLong(out, millis == 0 ? 0 : millis == CustomerState.TIMER_UNKNOWN ? 1 : zigZag(millis - base) + 2);
        }

        void scores(Map<String, DecayingScore> scores) throws IOException {
            writeVarInt(out, scores.size());
            for (Map.Entry<String, DecayingScore> score : scores.entrySet()) {
                string(score.getKey());
                out.writeDouble(score.getValue().getValue());
                time(score.getValue().getUpdatedMillis());
            }
        }

        void keys(RecentKeys keys) throws IOException {
            writeVarInt(out, keys.size());
            for (RecentKeys.Entry entry : keys.entries()) {
                out.writeLong(entry.key());
                time(entry.atMillis());
            }
        }
    }

    private static final class Reader {
        private final DataInputView in;
        private final long base;
        private final List<String> read = new ArrayList<>();

        Reader(DataInputView in, long base) {
            this.in = in;
            this.base = base;
        }

        String string() throws IOException {
            int code = readVarInt(in);
            if (code == 0) {
                return null;
            }
            if (code == 1) {
                String value = StringValue.readString(in);
                read.add(value);
                return value;
            }
            return read.get(code - 2);
        }

        void strings(List<String> into) throws IOException {
            for (int i = readVarInt(in); i > 0; i--) {
                into.add(string());
            }
        }

        long time() throws IOException {
            return base + unZigZag(readVarLong(in));
        }

        long optionalTime() throws IOException {
            long code = readVarLong(in);
            return code == 0 ? 0 : base + unZigZag(code - 1);
        }

        long timer() throws IOException {
            long code = readVarLong(in);
            return code == 0 ? 0 : code == 1 ? CustomerState.TIMER_UNKNOWN : base + unZigZag(code - 2);
        }

        ConsentMark mark() throws IOException {
            ConsentMark mark = new ConsentMark();
            mark.atMillis = time();
            mark.source = string();
            mark.evidence = string();
            return mark;
        }

        void scores(Map<String, DecayingScore> into) throws IOException {
            for (int i = readVarInt(in); i > 0; i--) {
                String key = string();
                double value = in.readDouble();
                into.put(key, new DecayingScore(value, time()));
            }
        }

        void keys(RecentKeys into) throws IOException {
            int count = readVarInt(in);
            for (int i = 0; i < count; i++) {
                long key = in.readLong();
                into.add(key, time(), Integer.MAX_VALUE);
            }
        }
    }

    private static long zigZag(long value) {
        return (value << 1) ^ (value >> 63);
    }

    private static long unZigZag(long value) {
        return (value >>> 1) ^ -(value & 1);
    }

    private static void writeVarInt(DataOutputView out, int value) throws IOException {
        writeVarLong(out, value & 0xffffffffL);
    }

    private static int readVarInt(DataInputView in) throws IOException {
        return (int) readVarLong(in);
    }

    private static void writeVarLong(DataOutputView out, long value) throws IOException {
        while ((value & ~0x7fL) != 0) {
            out.writeByte((int) ((value & 0x7f) | 0x80));
            value >>>= 7;
        }
        out.writeByte((int) value);
    }

    private static long readVarLong(DataInputView in) throws IOException {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            int b = in.readUnsignedByte();
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
    }
}

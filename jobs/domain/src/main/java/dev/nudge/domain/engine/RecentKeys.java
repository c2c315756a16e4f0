package dev.nudge.domain.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Keys (64-bit hashes, {@link Keys#hash}) of things seen lately with when they were seen, oldest first: bounded by a
 * count and by age, so a replay within the bound is recognised and nothing stays longer.
 */
public final class RecentKeys {

    /** One remembered key. */
    public record Entry(long key, long atMillis) {}

    private final List<Entry> entries = new ArrayList<>();

    public RecentKeys() {}

    /** Entries oldest first, as {@link #add} kept them (for the state serializer). */
    public List<Entry> entries() {
        return entries;
    }

    boolean contains(long key) {
        for (Entry entry : entries) {
            if (entry.key() == key) {
                return true;
            }
        }
        return false;
    }

    /** Remembers {@code key}, dropping the oldest beyond {@code limit}. */
    public void add(long key, long atMillis, int limit) {
        entries.add(new Entry(key, atMillis));
        while (entries.size() > limit) {
            entries.remove(0);
        }
    }

    /** Forgets what was seen before {@code horizonMillis}. */
    void forgetBefore(long horizonMillis) {
        entries.removeIf(entry -> entry.atMillis() < horizonMillis);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public int size() {
        return entries.size();
    }
}

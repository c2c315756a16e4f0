package dev.nudge.simulator;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One simulated customer, with the ground truth the engine can only infer: the real time zone, the categories
 * they like, how active they are and how reliably they re-buy.
 *
 * @param zone             where they really live; equals the profile zone when there is one, else their
 *                         phone's area-code zone
 * @param profileTimeZone  the IANA zone their profile declares, or null (the engine must derive it from the phone)
 * @param planSku          their coffee-club membership at the start, or null
 * @param consentAtSignUp  whether they agreed to texts when signing up
 * @param activityWeight   how active they are relative to the average customer (Zipf-distributed, mean about 1)
 * @param likes            the categories they buy from (they rarely buy anything else)
 * @param rebuyProbability the chance they buy a replenishable item again when it runs out; 0 for those who never do
 * @param lateness         how long past the run-out they tend to re-buy: 1.0 on time, 1.3 a third late
 */
public record SimCustomer(
        String customerId,
        String firstName,
        String phoneE164,
        ZoneId zone,
        String profileTimeZone,
        String locale,
        String homeLocation,
        String planSku,
        boolean consentAtSignUp,
        Instant signUpAt,
        double activityWeight,
        Set<Category> likes,
        double rebuyProbability,
        double lateness) {

    public SimCustomer {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(zone, "zone");
        likes = Collections.unmodifiableSet(EnumSet.copyOf(likes));
    }

    /** The category codes they like, as a sequence definition would name them. */
    public Set<String> likedCategoryCodes() {
        return likes.stream().map(Category::code).collect(Collectors.toUnmodifiableSet());
    }

    /** The membership tier name (basic, plus, premium), or null without a membership. */
    public String tier() {
        return tierOf(planSku);
    }

    static String tierOf(String planSku) {
        return planSku == null ? null : planSku.substring(planSku.indexOf('-') + 1);
    }
}

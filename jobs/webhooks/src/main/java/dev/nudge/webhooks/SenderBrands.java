package dev.nudge.webhooks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which brands a text to one of our senders is for, from the configuration: each brand's sender (a number or a
 * Messaging Service sid) and the numbers behind a sender (a Messaging Service's pool). A reply to a pool number is
 * for the service's brand; a number listed under several brands' senders is shared by all of them.
 */
final class SenderBrands {

    private final Map<String, Set<String>> brandsBySender = new LinkedHashMap<>();

    SenderBrands(Map<String, String> brandBySender, Map<String, List<String>> senderNumbers) {
        brandBySender.forEach((sender, brand) -> brandsBySender.computeIfAbsent(sender, s -> new TreeSet<>()).add(brand));
        senderNumbers.forEach((sender, numbers) -> {
            String brand = brandBySender.get(sender);
            if (brand == null) {
                throw new IllegalArgumentException("Numbers are listed for " + sender + ", which is no brand's sender");
            }
            numbers.forEach(number -> brandsBySender.computeIfAbsent(number, n -> new TreeSet<>()).add(brand));
        });
    }

    /** The brands of the Messaging Service the text came through, else of the number it was sent to. */
    Set<String> of(String to, String messagingServiceSid) {
        Set<String> byService = messagingServiceSid == null ? null : brandsBySender.get(messagingServiceSid);
        if (byService != null) {
            return Set.copyOf(byService);
        }
        return Set.copyOf(brandsBySender.getOrDefault(to, Set.of()));
    }

    /** Every configured brand. */
    Set<String> all() {
        Set<String> all = new TreeSet<>();
        brandsBySender.values().forEach(all::addAll);
        return all;
    }
}

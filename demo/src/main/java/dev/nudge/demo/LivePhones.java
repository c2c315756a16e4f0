package dev.nudge.demo;

import dev.nudge.events.CustomerEvent;
import dev.nudge.events.CustomerEventType;
import dev.nudge.events.PurchaseEvent;
import dev.nudge.simulator.SimEvent;
import dev.nudge.simulator.Simulation;
import dev.nudge.simulator.SimulationConfig;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;

/**
 * The demo with real Twilio texts real phones: each number on the allowlist becomes the phone of one simulated
 * customer, one of the first who agreed to texts and bought coffee (what the example sequences answer), so it gets their texts. Chosen by
 * playing the same seeded simulation ahead, so the choice is the same on every run with the same options.
 */
final class LivePhones {

    private static final String TRIGGER_CATEGORY = "coffee";

    private final Map<String, String> phoneByCustomer;

    private LivePhones(Map<String, String> phoneByCustomer) {
        this.phoneByCustomer = Map.copyOf(phoneByCustomer);
    }

    static LivePhones none() {
        return new LivePhones(Map.of());
    }

    static LivePhones choose(SimulationConfig config, List<String> phones) {
        Map<String, String> chosen = new LinkedHashMap<>();
        Set<String> consented = new HashSet<>();
        Iterator<SimEvent> events = Simulation.of(config).events();
        while (chosen.size() < phones.size() && events.hasNext()) {
            SpecificRecord event = events.next().value();
            if (event instanceof CustomerEvent customer && customer.getType() == CustomerEventType.CONSENT_GRANTED) {
                consented.add(customer.getCustomerId());
            } else if (event instanceof PurchaseEvent purchase && consented.contains(purchase.getCustomerId())
                    && purchase.getLines().stream().anyMatch(line -> TRIGGER_CATEGORY.equals(line.getCategory()))
                    && !chosen.containsKey(purchase.getCustomerId())) {
                chosen.put(purchase.getCustomerId(), phones.get(chosen.size()));
            }
        }
        if (chosen.size() < phones.size()) {
            throw new IllegalStateException("The simulation has " + chosen.size() + " consenting coffee buyers for "
                    + phones.size() + " phones: give more --customers or --days");
        }
        return new LivePhones(chosen);
    }

    /** The customer ids that got a live phone, with it. */
    Map<String, String> phoneByCustomer() {
        return phoneByCustomer;
    }

    boolean isLive(String phone) {
        return phoneByCustomer.containsValue(phone);
    }

    /** The event, with the live phone in place of the simulated one for a chosen customer. */
    SimEvent apply(SimEvent event) {
        if (event.value() instanceof CustomerEvent customer && customer.getPhoneE164() != null) {
            String live = phoneByCustomer.get(customer.getCustomerId());
            if (live != null) {
                return SimEvent.of(event.key(), CustomerEvent.newBuilder(customer).setPhoneE164(live).build(),
                        event.eventTime());
            }
        }
        return event;
    }
}

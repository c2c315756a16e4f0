package dev.nudge.demo;

import dev.nudge.events.CustomerEvent;
import dev.nudge.events.PurchaseEvent;
import dev.nudge.simulator.SimEvent;
import dev.nudge.simulator.Simulation;
import dev.nudge.simulator.SimulationConfig;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo with real Twilio texts real phones: each number on the allowlist becomes the phone of one simulated
 * customer, one of the first to buy coffee (what the example sequences answer), so it gets their texts. Chosen by
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
        Iterator<SimEvent> events = Simulation.of(config).events();
        while (chosen.size() < phones.size() && events.hasNext()) {
            if (events.next().value() instanceof PurchaseEvent purchase
                    && purchase.getLines().stream().anyMatch(line -> TRIGGER_CATEGORY.equals(line.getCategory()))
                    && !chosen.containsKey(purchase.getCustomerId())) {
                chosen.put(purchase.getCustomerId(), phones.get(chosen.size()));
            }
        }
        if (chosen.size() < phones.size()) {
            throw new IllegalStateException("The simulation has " + chosen.size() + " coffee buyers for "
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

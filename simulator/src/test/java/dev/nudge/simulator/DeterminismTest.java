package dev.nudge.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.nudge.events.CatalogUpdate;
import dev.nudge.events.CustomerEvent;
import dev.nudge.events.CustomerEventType;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class DeterminismTest {

    private static final SimulationConfig SMALL = SimulationConfig.defaults().withCustomers(400).withDays(14);

    @Test
    void theSameSeedGivesAByteIdenticalStream() {
        String first = StreamDigest.of(ActivityGenerator.of(SMALL.withSeed(11)));
        String second = StreamDigest.of(ActivityGenerator.of(SMALL.withSeed(11)));
        Simulation simulation = Simulation.of(SMALL.withSeed(11));
        String fromOneSimulationTwice = StreamDigest.of(simulation.events());

        assertThat(second).isEqualTo(first);
        assertThat(fromOneSimulationTwice).isEqualTo(first).isEqualTo(StreamDigest.of(simulation.events()));
    }

    @Test
    void anotherSeedGivesAnotherStream() {
        assertThat(StreamDigest.of(ActivityGenerator.of(SMALL.withSeed(12))))
                .isNotEqualTo(StreamDigest.of(ActivityGenerator.of(SMALL.withSeed(11))));
    }

    @Test
    void eventsComeInEventTimeOrderInsideTheRunKeyedByCustomerOrSku() {
        List<SimEvent> events = new ArrayList<>();
        ActivityGenerator.of(SMALL).forEachRemaining(events::add);

        Instant previous = SMALL.start();
        for (SimEvent event : events) {
            assertThat(event.eventTime()).isAfterOrEqualTo(previous).isBefore(SMALL.end());
            previous = event.eventTime();
            if (event.value() instanceof CatalogUpdate update) {
                assertThat(event.key()).isEqualTo(update.getSku());
                assertThat(update.getEventTime()).isEqualTo(event.eventTime());
            } else {
                assertThat(event.key()).isEqualTo(field(event, "customerId"));
                assertThat(field(event, "eventTime")).isEqualTo(event.eventTime());
            }
        }
        assertThat(events).extracting(SimEvent::kind).contains(TopicKind.PURCHASES, TopicKind.CATALOG,
                TopicKind.CUSTOMERS, TopicKind.BROWSE);
        assertThat(events.stream().map(e -> field(e, "eventId")).distinct().count()).isEqualTo(events.size());
    }

    private static Object field(SimEvent event, String name) {
        return ((GenericRecord) event.value()).get(name);
    }

    @Test
    void nobodyDoesAnythingBeforeSigningUp() {
        Map<String, CustomerEventType> firstEventType = new HashMap<>();
        ActivityGenerator.of(SMALL).forEachRemaining(event -> {
            if (event.kind() != TopicKind.CATALOG && !firstEventType.containsKey(event.key())) {
                firstEventType.put(event.key(), event.value() instanceof CustomerEvent customerEvent
                        ? customerEvent.getType() : null);
            }
        });
        assertThat(firstEventType).hasSize(SMALL.customers());
        assertThat(firstEventType.values()).containsOnly(CustomerEventType.SIGN_UP);
    }
}

package dev.nudge.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

import dev.nudge.simulator.CustomerGenerator.Population;

/**
 * The whole simulated stream of a run, in event-time order: the catalog and its changes, the customers' sign-ups,
 * consents and profile changes, and their purchases and browsing (see {@link Shopper}). Only events inside
 * [start, end) are emitted.
 *
 * <p>Lazy: it simulates one day of all customers at a time and holds back what a later day could still precede,
 * so memory stays proportional to a day of events, not the run. Events with the same time keep the order they
 * were made in. The same config always gives the same stream.
 */
public final class ActivityGenerator implements Iterator<SimEvent> {

    private record Queued(SimEvent event, long epochMillis, long sequence) {
    }

    private final SimulationConfig config;
    private final List<Shopper> shoppers = new ArrayList<>();
    private final PriorityQueue<Queued> queue = new PriorityQueue<>(
            Comparator.comparingLong(Queued::epochMillis).thenComparingLong(Queued::sequence));
    private long sequence;
    private int daysSimulated;
    /** Everything before this instant is final: no later day can add an event before it. */
    private Instant settledUntil;

    public ActivityGenerator(SimulationConfig config, SimCatalog catalog, Population population) {
        this.config = config;
        this.settledUntil = config.start();
        RandomSource root = RandomSource.of(config.seed());
        ActivityCycles cycles = new ActivityCycles(config);
        EventFactory events = new EventFactory(config.brandId(), Ids.prefix(config.seed()));
        for (SimCustomer customer : population.customers()) {
            shoppers.add(new Shopper(customer, root.derive("shopper:" + customer.customerId()), catalog, cycles,
                    events, config));
        }
        catalog.updates().forEach(this::enqueue);
        population.lifecycle().forEach(this::enqueue);
    }

    /** The stream of a run from its config alone: catalog and customers are generated from the same seed. */
    public static ActivityGenerator of(SimulationConfig config) {
        return new ActivityGenerator(config, CatalogGenerator.generate(config), CustomerGenerator.generate(config));
    }

    @Override
    public boolean hasNext() {
        while (daysSimulated < config.days() && (queue.isEmpty() || !queue.peek().event().eventTime().isBefore(settledUntil))) {
            simulateNextDay();
        }
        return !queue.isEmpty();
    }

    @Override
    public SimEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the simulated run is over");
        }
        return queue.poll().event();
    }

    private void simulateNextDay() {
        Instant dayStart = config.start().plus(Duration.ofDays(daysSimulated));
        Instant dayEnd = dayStart.plus(Duration.ofDays(1));
        for (Shopper shopper : shoppers) {
            shopper.simulateDay(dayStart, dayEnd, this::enqueue);
        }
        daysSimulated++;
        settledUntil = dayEnd;
    }

    private void enqueue(SimEvent event) {
        if (!event.eventTime().isBefore(config.start()) && event.eventTime().isBefore(config.end())) {
            queue.add(new Queued(event, event.eventTime().toEpochMilli(), sequence++));
        }
    }
}

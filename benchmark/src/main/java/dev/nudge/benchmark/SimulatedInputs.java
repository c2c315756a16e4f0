package dev.nudge.benchmark;

import dev.nudge.events.CustomerEvent;
import dev.nudge.events.CustomerEventType;
import dev.nudge.events.SequenceDefinition;
import dev.nudge.sequencer.DefinitionFiles;
import dev.nudge.sequencer.ReferenceInput;
import dev.nudge.sequencer.SequencerInput;
import dev.nudge.simulator.SimEvent;
import dev.nudge.simulator.Simulation;
import dev.nudge.simulator.SimulationConfig;
import dev.nudge.simulator.TopicKind;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A simulated retailer (simulator/) as the sequencer's inputs: its customer events for the customer input, its
 * catalog (every update, so later price changes are known from the start) and the example sequences (sequences/)
 * for the broadcast input, the definitions last so their acceptance means the catalog is in.
 */
final class SimulatedInputs {

    /** The brand the example sequences are written for. */
    static final String BRAND = "demo-roasters";

    final Simulation simulation;
    final List<ReferenceInput> references;
    final int definitions;

    private SimulatedInputs(Simulation simulation, List<ReferenceInput> references, int definitions) {
        this.simulation = simulation;
        this.references = references;
        this.definitions = definitions;
    }

    static SimulatedInputs of(Path root, int customers, int days, double purchaseRate) throws IOException {
        SimulationConfig config = SimulationConfig.defaults().withBrandId(BRAND).withCustomers(customers)
                .withDays(days).withRates(purchaseRate, SimulationConfig.defaults().browseRate());
        Simulation simulation = Simulation.of(config);
        List<ReferenceInput> references = new ArrayList<>();
        simulation.catalog().updates().forEach(update -> references.add(ReferenceInput.of(update.value())));
        List<SequenceDefinition> definitions =
                DefinitionFiles.read(root.resolve("sequences"), config.start().minus(Duration.ofHours(1)));
        definitions.forEach(definition -> references.add(ReferenceInput.of(definition)));
        return new SimulatedInputs(simulation, List.copyOf(references), definitions.size());
    }

    /** The whole customer stream in memory, so that generating it is not part of what is timed. */
    List<SequencerInput> materialize() {
        List<SequencerInput> inputs = new ArrayList<>();
        customerStream(new AtomicLong()).forEachRemaining(inputs::add);
        return inputs;
    }

    /** The customer stream, generated as it is read; counts sign-ups (every customer signs up once) on the way. */
    Iterator<SequencerInput> customerStream(AtomicLong signUps) {
        Iterator<SimEvent> events = simulation.events();
        return new Iterator<>() {
            private long offset;
            private SequencerInput next;

            @Override
            public boolean hasNext() {
                while (next == null && events.hasNext()) {
                    SimEvent event = events.next();
                    if (event.kind() != TopicKind.CATALOG) {
                        if (event.value() instanceof CustomerEvent customer && customer.getType() == CustomerEventType.SIGN_UP) {
                            signUps.incrementAndGet();
                        }
                        next = SequencerInput.of(event.value()).from(event.kind().name().toLowerCase(), 0, offset++);
                    }
                }
                return next != null;
            }

            @Override
            public SequencerInput next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                SequencerInput input = next;
                next = null;
                return input;
            }
        };
    }
}

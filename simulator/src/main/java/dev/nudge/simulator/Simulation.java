package dev.nudge.simulator;

import java.util.Iterator;
import java.util.Optional;

import dev.nudge.simulator.CustomerGenerator.Population;

/**
 * One simulated retailer, everything derived from its config: the catalog, the customers, the event stream and
 * the response model's random source.
 *
 * <pre>
 * Simulation simulation = Simulation.of(SimulationConfig.defaults().withSeed(7));
 * Iterator&lt;SimEvent&gt; events = simulation.events();        // a fresh, identical stream on every call
 * ResponseModel responses = simulation.responseModel(ResponseParameters.defaults());
 * responses.reactTo(intent, deliveredAt, view, simulation.responseRandom());
 * </pre>
 */
public record Simulation(SimulationConfig config, SimCatalog catalog, Population population) {

    public static Simulation of(SimulationConfig config) {
        return new Simulation(config, CatalogGenerator.generate(config), CustomerGenerator.generate(config));
    }

    public Iterator<SimEvent> events() {
        return new ActivityGenerator(config, catalog, population);
    }

    public ResponseModel responseModel(ResponseParameters parameters) {
        return new ResponseModel(catalog, parameters);
    }

    /** The source reactions are derived from (per intent id), separate from everything else the seed drives. */
    public RandomSource responseRandom() {
        return RandomSource.of(config.seed()).derive("responses");
    }

    public Optional<SimCustomer> customer(String customerId) {
        return population.customers().stream().filter(c -> c.customerId().equals(customerId)).findFirst();
    }
}

package dev.nudge.replay;

import dev.nudge.events.PurchaseEvent;
import dev.nudge.events.Tenant;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Order history as an Avro data file of {@link PurchaseEvent}s (e.g. a dump of the purchases topic). These are
 * already clean orders: nothing is skipped, returns (negative quantities) pass through as the engine would see them.
 */
public final class AvroOrders {

    private AvroOrders() {}

    /** The file's purchases, re-labelled as the replayed brand's. */
    public static List<PurchaseEvent> read(Path file, String brandId) throws IOException {
        List<PurchaseEvent> orders = new ArrayList<>();
        try (DataFileReader<PurchaseEvent> reader = new DataFileReader<>(file.toFile(),
                new SpecificDatumReader<>(PurchaseEvent.class))) {
            for (PurchaseEvent order : reader) {
                orders.add(PurchaseEvent.newBuilder(order).setTenant(new Tenant(brandId, null)).build());
            }
        }
        return orders;
    }

    public static void write(Path file, List<PurchaseEvent> orders) throws IOException {
        try (DataFileWriter<PurchaseEvent> writer = new DataFileWriter<>(new SpecificDatumWriter<>(PurchaseEvent.class))) {
            writer.create(PurchaseEvent.getClassSchema(), file.toFile());
            for (PurchaseEvent order : orders) {
                writer.append(order);
            }
        }
    }
}

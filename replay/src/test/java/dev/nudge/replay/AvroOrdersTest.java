package dev.nudge.replay;

import dev.nudge.events.PurchaseEvent;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AvroOrdersTest {

    @Test
    void readsBackWhatWasWrittenAsTheReplayedBrand() throws Exception {
        List<PurchaseEvent> orders = OrderCsvReaderTest.messyOrders().orders();
        Path file = Path.of(System.getProperty("java.io.tmpdir"), "orders-" + System.nanoTime() + ".avro");

        AvroOrders.write(file, orders);
        List<PurchaseEvent> read = AvroOrders.read(file, "another-brand");

        assertThat(read).hasSize(89);
        assertThat(read).allSatisfy(order -> assertThat(order.getTenant().getBrandId()).isEqualTo("another-brand"));
        assertThat(read.get(0).getLines()).isEqualTo(orders.get(0).getLines());
        assertThat(read.get(0).getEventTime()).isEqualTo(orders.get(0).getEventTime());
    }
}

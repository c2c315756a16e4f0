package dev.nudge.sequencer;

import dev.nudge.domain.tenant.CustomerKey;

import dev.nudge.events.BrowseEvent;
import dev.nudge.events.CatalogUpdate;
import dev.nudge.events.CustomerEvent;
import dev.nudge.events.EngagementEvent;
import dev.nudge.events.PurchaseEvent;
import dev.nudge.events.SequenceDefinition;
import dev.nudge.events.Tenant;
import dev.nudge.events.VariantOutcome;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.regex.Pattern;

/** What a record must satisfy, beyond its schema, before the engine sees it. Each returns the problem or null. */
final class RecordChecks {

    private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{6,14}");

    private RecordChecks() {}

    static String purchase(PurchaseEvent event) {
        String problem = customer(event.getTenant(), event.getCustomerId());
        if (problem == null && event.getOrderId().isBlank()) {
            problem = "orderId is blank";
        }
        return problem;
    }

    static String browse(BrowseEvent event) {
        return customer(event.getTenant(), event.getCustomerId());
    }

    static String engagement(EngagementEvent event) {
        return customer(event.getTenant(), event.getCustomerId());
    }

    static String customerEvent(CustomerEvent event) {
        String problem = customer(event.getTenant(), event.getCustomerId());
        if (problem != null) {
            return problem;
        }
        if (event.getPhoneE164() != null && !E164.matcher(event.getPhoneE164()).matches()) {
            return "phoneE164 \"" + event.getPhoneE164() + "\" is not an E.164 number";
        }
        if (event.getTimeZone() != null) {
            try {
                ZoneId.of(event.getTimeZone());
            } catch (DateTimeException e) {
                return "timeZone \"" + event.getTimeZone() + "\" is not a known zone id";
            }
        }
        return null;
    }

    static String catalog(CatalogUpdate update) {
        if (update.getTenant().getBrandId().isBlank() || update.getSku().isBlank()) {
            return "brandId and sku must not be blank";
        }
        return update.getPriceMinor() < 0 ? "priceMinor is negative" : null;
    }

    static String definition(SequenceDefinition definition) {
        return definition.getBrandId().isBlank() || definition.getSequenceId().isBlank()
                ? "brandId and sequenceId must not be blank" : null;
    }

    static String variantOutcome(VariantOutcome outcome) {
        return outcome.getTenant().getBrandId().isBlank() || outcome.getSequenceId().isBlank()
                || outcome.getVariant().isBlank() ? "brandId, sequenceId and variant must not be blank" : null;
    }

    private static String customer(Tenant tenant, String customerId) {
        String problem = CustomerKey.brandIdProblem(tenant.getBrandId());
        if (problem != null) {
            return problem;
        }
        return customerId.isBlank() ? "customerId is blank" : null;
    }
}

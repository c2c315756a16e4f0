package dev.nudge.sequencer;

import dev.nudge.domain.tenant.CustomerKey;

import dev.nudge.domain.bandit.ArmOutcome;
import dev.nudge.domain.catalog.CatalogItem;
import dev.nudge.domain.consent.ConsentFact;
import dev.nudge.domain.engine.CustomerInput;
import dev.nudge.domain.engine.DecisionRecord;
import dev.nudge.domain.engine.OutboundText;
import dev.nudge.domain.event.BrowseKind;
import dev.nudge.domain.event.BrowseSignal;
import dev.nudge.domain.event.CustomerChange;
import dev.nudge.domain.event.CustomerChangeKind;
import dev.nudge.domain.event.Engagement;
import dev.nudge.domain.event.EngagementKind;
import dev.nudge.domain.event.Purchase;
import dev.nudge.domain.event.PurchaseLine;
import dev.nudge.domain.event.ReplyIntent;
import dev.nudge.events.BrowseEvent;
import dev.nudge.events.CatalogUpdate;
import dev.nudge.events.ConsentEntry;
import dev.nudge.events.ConsentEntryKind;
import dev.nudge.events.CustomerEvent;
import dev.nudge.events.Decision;
import dev.nudge.events.DecisionOutcome;
import dev.nudge.events.EngagementEvent;
import dev.nudge.events.PurchaseEvent;
import dev.nudge.events.SmsIntent;
import dev.nudge.events.Tenant;
import dev.nudge.events.ZoneWindow;
import dev.nudge.events.VariantDraw;
import dev.nudge.events.VariantOutcome;

import java.time.MonthDay;
import java.time.format.DateTimeFormatter;

/** Translates between the Avro records on the topics and the engine's plain-Java types. */
final class DomainMapping {

    private static final DateTimeFormatter MONTH_DAY = DateTimeFormatter.ofPattern("MM-dd");

    private DomainMapping() {}

    /** The engine input for a customer record, or null for a record the engine has no use for. */
    static CustomerInput toDomain(SequencerInput input) {
        if (input.purchase != null) {
            return new CustomerInput.PurchaseMade(purchase(input.purchase));
        }
        if (input.browse != null) {
            return input.browse.getAction() == dev.nudge.events.BrowseAction.OTHER ? null
                    : new CustomerInput.Browsed(browse(input.browse));
        }
        if (input.customer != null) {
            return input.customer.getType() == dev.nudge.events.CustomerEventType.OTHER ? null
                    : new CustomerInput.Changed(customer(input.customer));
        }
        if (input.engagement != null) {
            return input.engagement.getType() == dev.nudge.events.EngagementType.OTHER ? null
                    : new CustomerInput.Engaged(engagement(input.engagement));
        }
        return null;
    }

    static Tenant tenantOf(SequencerInput input) {
        if (input.purchase != null) {
            return input.purchase.getTenant();
        }
        if (input.browse != null) {
            return input.browse.getTenant();
        }
        if (input.customer != null) {
            return input.customer.getTenant();
        }
        return input.engagement.getTenant();
    }

    static String customerIdOf(SequencerInput input) {
        return CustomerKey.customerId(input.customerKey());
    }

    static Purchase purchase(PurchaseEvent event) {
        return new Purchase(event.getOrderId(), event.getEventTime(),
                event.getLines().stream().map(line -> new PurchaseLine(line.getSku(), line.getCategory(),
                        line.getQuantity(), line.getUnitPriceMinor())).toList(),
                event.getTotalMinor(), event.getCurrency());
    }

    static BrowseSignal browse(BrowseEvent event) {
        return new BrowseSignal(event.getEventTime(), BrowseKind.valueOf(event.getAction().name()), event.getSku(),
                event.getCategory(), event.getQuery());
    }

    static CustomerChange customer(CustomerEvent event) {
        String consentSource = event.getConsent() == null ? null : event.getConsent().getSource();
        String consentEvidence = event.getConsent() == null ? null : event.getConsent().getEvidence();
        return new CustomerChange(event.getEventTime(), CustomerChangeKind.valueOf(event.getType().name()),
                event.getPhoneE164(), event.getTimeZone(), event.getLocale(), event.getTier(), event.getFirstName(),
                consentSource, event.getMilestone(), event.getPlanSku(), consentEvidence);
    }

    static Engagement engagement(EngagementEvent event) {
        ReplyIntent intent = event.getReplyIntent() == null ? null : ReplyIntent.valueOf(event.getReplyIntent().name());
        return new Engagement(event.getEventTime(), EngagementKind.valueOf(event.getType().name()), event.getMessageId(),
                event.getSequenceId(), event.getStep(), intent, event.getErrorCode(), event.getEventId(),
                event.getPhoneE164());
    }

    /** A consent fact the engine learnt, as an entry of the (brand, phone)'s ledger on the suppression list. */
    static ConsentEntry consentEntry(ConsentFact fact, Tenant tenant) {
        return ConsentEntry.newBuilder()
                .setEventId(String.join(":", tenant.getBrandId(), fact.phone(), fact.kind().name(),
                        String.valueOf(fact.at().toEpochMilli())))
                .setTenant(new Tenant(tenant.getBrandId(), null))
                .setPhoneE164(fact.phone())
                .setEventTime(fact.at())
                .setKind(ConsentEntryKind.valueOf(fact.kind().name()))
                .setSource(fact.source())
                .setEvidence(fact.evidence())
                .build();
    }

    static CatalogItem catalogItem(CatalogUpdate update) {
        return new CatalogItem(update.getSku(), update.getName(), update.getCategory(), update.getPriceMinor(),
                update.getCurrency(), update.getStock(), update.getActive(), update.getUrl(), update.getComplements(),
                update.getAddOns(), update.getReplenishmentDays(), update.getUpgradeTo(),
                monthDay(update.getSeasonStart()), monthDay(update.getSeasonEnd()));
    }

    private static MonthDay monthDay(String text) {
        return text == null ? null : MonthDay.parse(text, MONTH_DAY);
    }

    private static ZoneWindow zoneWindow(dev.nudge.domain.policy.ZoneWindow place) {
        return new ZoneWindow(place.zone().getId(), place.allowed().start().toSecondOfDay() / 60,
                place.allowed().end().toSecondOfDay() / 60);
    }

    static SmsIntent intent(OutboundText text, Tenant tenant, String customerId) {
        return SmsIntent.newBuilder()
                .setIntentId(text.intentId())
                .setTenant(tenant)
                .setCustomerId(customerId)
                .setCreatedAt(text.createdAt())
                .setNotAfter(text.notAfter())
                .setToPhone(text.toPhone())
                .setBody(text.body())
                .setLocale(text.locale())
                .setTimeZone(text.timeZone())
                .setQuietStartMinute(text.quietStartMinute())
                .setQuietEndMinute(text.quietEndMinute())
                .setSendWindows(text.sendWindows().stream().map(DomainMapping::zoneWindow).toList())
                .setSequenceId(text.sequenceId())
                .setSequenceVersion(text.sequenceVersion())
                .setStep(text.step())
                .setTriggerId(text.triggerId())
                .setVariant(text.variant())
                .setOfferSku(text.offerSku())
                .setOfferPriceMinor(text.offerPriceMinor())
                .setCurrency(text.currency())
                .setLinkTarget(text.linkTarget())
                .build();
    }

    static Decision decision(DecisionRecord record, Tenant tenant, String customerId) {
        return Decision.newBuilder()
                .setDecisionId(record.decisionId())
                .setTenant(tenant)
                .setCustomerId(customerId)
                .setDecidedAt(record.decidedAt())
                .setOutcome(DecisionOutcome.valueOf(record.outcome().name()))
                .setReason(record.reason())
                .setDetail(record.detail())
                .setRuleVersion(record.ruleVersion())
                .setSequenceId(record.sequenceId())
                .setSequenceVersion(record.sequenceVersion())
                .setStep(record.step())
                .setTriggerId(record.triggerId())
                .setIntentId(record.intentId())
                .setDeferredUntil(record.deferredUntil())
                .setVariant(record.variantChoice() == null ? null : record.variantChoice().variant())
                .setVariantExplored(record.variantChoice() == null || record.variantChoice().draws().isEmpty() ? null
                        : record.variantChoice().explored())
                .setVariantDraws(record.variantChoice() == null || record.variantChoice().draws().isEmpty() ? null
                        : record.variantChoice().draws().stream()
                                .map(draw -> new VariantDraw(draw.variant(), draw.alpha(), draw.beta(), draw.draw()))
                                .toList())
                .build();
    }

    /** An outcome from analytics as the bandit counts it; null for a result it does not know. */
    static ArmOutcome armOutcome(VariantOutcome outcome) {
        ArmOutcome.Result result = switch (outcome.getOutcome()) {
            case CONVERTED -> ArmOutcome.Result.CONVERTED;
            case NOT_CONVERTED -> ArmOutcome.Result.NOT_CONVERTED;
            case OPTED_OUT -> ArmOutcome.Result.OPTED_OUT;
            default -> null;
        };
        return result == null ? null : new ArmOutcome(outcome.getTenant().getBrandId(), outcome.getSequenceId(),
                outcome.getSequenceVersion(), outcome.getStep(), outcome.getVariant(), result,
                outcome.getRevenueMinor() == null ? 0 : outcome.getRevenueMinor(),
                Boolean.TRUE.equals(outcome.getOfferedItem()));
    }
}

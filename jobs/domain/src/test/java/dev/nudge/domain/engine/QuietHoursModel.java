package dev.nudge.domain.engine;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * An independent model of when a recipient may be texted, for the phones {@link RandomCustomer} uses, written out
 * by hand from the rules (not from the production resolver): every place the recipient may be in must allow the
 * time. A number's places are the zones of its area code under its state's hours; a valid profile zone replaces
 * the zones but keeps the state's hours; a number with no known place gets every zone of the US under the
 * strictest hours of a state with land in it (both brands of the test are at home in the US). Store windows of
 * {@link EngineInvariantsTest#SETTINGS}: the demo brand's store 2 09:00–20:00, the roastery's store 1 10:00–19:00.
 */
final class QuietHoursModel {

    private record Place(String zone, int fromHour, int untilHour) {}

    private static final List<Place> STRICTEST_US = List.of(new Place("America/New_York", 10, 18),
            new Place("America/Chicago", 10, 20), new Place("America/Denver", 9, 20),
            new Place("America/Phoenix", 8, 21), new Place("America/Los_Angeles", 9, 20),
            new Place("America/Anchorage", 8, 21), new Place("America/Adak", 8, 21),
            new Place("Pacific/Honolulu", 8, 21));

    /** Area code (or country code) → places; the hours are the state's, federal 08:00–21:00 where it has none. */
    private static final Map<String, List<Place>> NUMBERS = Map.of(
            "+1212", List.of(new Place("America/New_York", 8, 21)),
            "+1213", List.of(new Place("America/Los_Angeles", 8, 21)),
            "+1305", List.of(new Place("America/New_York", 8, 20)),
            "+1206", List.of(new Place("America/Los_Angeles", 8, 20)),
            "+1812", List.of(new Place("America/Indiana/Indianapolis", 8, 21), new Place("America/Chicago", 8, 21)),
            "+1850", List.of(new Place("America/Chicago", 8, 20), new Place("America/New_York", 8, 20)),
            "+44", List.of(new Place("Europe/London", 8, 21)));

    private QuietHoursModel() {
    }

    static boolean allows(Instant at, String phone, String profileZone, String brand, String locationId) {
        List<Place> places = placesOf(phone, validZone(profileZone));
        String store = brand + "/" + locationId;
        int storeFrom = store.equals(EngineDriver.BRAND + "/store-2") ? 9 : store.equals("roastery/store-1") ? 10 : 0;
        int storeUntil = store.equals(EngineDriver.BRAND + "/store-2") ? 20 : store.equals("roastery/store-1") ? 19 : 24;
        return places.stream().allMatch(place -> {
            LocalTime local = at.atZone(ZoneId.of(place.zone())).toLocalTime();
            int from = Math.max(place.fromHour(), storeFrom);
            int until = Math.min(place.untilHour(), storeUntil);
            return local.getHour() >= from && local.getHour() < until;
        });
    }

    private static List<Place> placesOf(String phone, String profileZone) {
        List<Place> ofNumber = NUMBERS.entrySet().stream().filter(number -> phone.startsWith(number.getKey()))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        if (profileZone != null) {
            int from = ofNumber == null ? 8 : ofNumber.stream().mapToInt(Place::fromHour).max().orElseThrow();
            int until = ofNumber == null ? 21 : ofNumber.stream().mapToInt(Place::untilHour).min().orElseThrow();
            return List.of(new Place(profileZone, from, until));
        }
        return ofNumber == null ? STRICTEST_US : ofNumber;
    }

    private static String validZone(String zone) {
        try {
            return zone == null || zone.isBlank() ? null : ZoneId.of(zone.trim()).getId();
        } catch (DateTimeException invalid) {
            return null;
        }
    }
}

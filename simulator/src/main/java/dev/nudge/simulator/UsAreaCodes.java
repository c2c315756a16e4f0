package dev.nudge.simulator;

import java.time.ZoneId;
import java.util.List;

/**
 * Real US area codes per time zone (all listed in the engine's {@code phone-area-codes.csv} with that zone),
 * weighted roughly by population but with Alaska and Hawaii large enough to show up in a small run.
 */
final class UsAreaCodes {

    record ZoneCodes(ZoneId zone, double share, List<String> areaCodes) {
    }

    static final List<ZoneCodes> ZONES = List.of(
            new ZoneCodes(ZoneId.of("America/New_York"), 0.44, List.of("212", "718", "917", "646", "617", "215",
                    "305", "404", "202", "703", "704", "412", "216", "614", "407", "813", "919", "585")),
            new ZoneCodes(ZoneId.of("America/Chicago"), 0.28, List.of("312", "773", "214", "713", "512", "210",
                    "615", "504", "612", "314", "816", "414", "405")),
            new ZoneCodes(ZoneId.of("America/Denver"), 0.06, List.of("303", "720", "801", "505", "406", "307")),
            new ZoneCodes(ZoneId.of("America/Phoenix"), 0.03, List.of("602", "480", "520")),
            new ZoneCodes(ZoneId.of("America/Los_Angeles"), 0.16, List.of("213", "310", "415", "206", "503", "619",
                    "702", "916", "408", "818")),
            new ZoneCodes(ZoneId.of("America/Anchorage"), 0.015, List.of("907")),
            new ZoneCodes(ZoneId.of("Pacific/Honolulu"), 0.015, List.of("808")));

    private UsAreaCodes() {
    }

    static double[] shares() {
        return ZONES.stream().mapToDouble(ZoneCodes::share).toArray();
    }
}

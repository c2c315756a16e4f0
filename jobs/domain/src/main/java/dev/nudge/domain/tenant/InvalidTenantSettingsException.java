package dev.nudge.domain.tenant;

import java.util.List;

/** The tenant settings file has problems; each reason names its path. */
public final class InvalidTenantSettingsException extends IllegalArgumentException {

    private final List<String> reasons;

    InvalidTenantSettingsException(List<String> reasons) {
        super("invalid tenant settings:\n  " + String.join("\n  ", reasons));
        this.reasons = List.copyOf(reasons);
    }

    public List<String> reasons() {
        return reasons;
    }
}

package dev.nudge.platform.cli;

import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every option can also be given as an environment variable, so a service takes the same settings either way (a
 * flag wins): the option's {@code descriptionKey} when it has one (e.g. {@code TWILIO_ACCOUNT_SID}), else
 * {@code NUDGE_} and its long name in capitals ({@code --bootstrap-servers}: {@code NUDGE_BOOTSTRAP_SERVERS}). A
 * blank variable counts as unset.
 */
public final class EnvironmentDefaults implements IDefaultValueProvider {

    private final Map<String, String> environment;

    public EnvironmentDefaults(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()) {
            return null;
        }
        String value = environment.get(variable(option));
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** The environment variable of {@code option}. */
    public static String variable(OptionSpec option) {
        if (option.descriptionKey() != null && !option.descriptionKey().isEmpty()) {
            return option.descriptionKey();
        }
        return "NUDGE_" + option.longestName().replaceFirst("^-+", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }
}

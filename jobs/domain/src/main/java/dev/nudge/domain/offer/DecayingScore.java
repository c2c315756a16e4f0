package dev.nudge.domain.offer;

/**
 * A score that halves every half-life: {@code value} as of {@code updatedMillis}. A Flink POJO inside
 * {@link BrowsingAffinity}.
 */
public class DecayingScore {

    private double value;
    private long updatedMillis;

    public DecayingScore() {
    }

    public DecayingScore(double value, long updatedMillis) {
        this.value = value;
        this.updatedMillis = updatedMillis;
    }

    /** The score as of {@code nowMillis}; it never grows back for times before the last update. */
    public double valueAt(long nowMillis, long halfLifeMillis) {
        long elapsed = Math.max(0, nowMillis - updatedMillis);
        return value * Math.pow(0.5, (double) elapsed / halfLifeMillis);
    }

    /** Adds {@code weight} as it stood at {@code atMillis}; a late-arriving signal counts already decayed. */
    public void add(double weight, long atMillis, long halfLifeMillis) {
        if (atMillis >= updatedMillis) {
            value = valueAt(atMillis, halfLifeMillis) + weight;
            updatedMillis = atMillis;
        } else {
            value += weight * Math.pow(0.5, (double) (updatedMillis - atMillis) / halfLifeMillis);
        }
    }

    public double getValue() {
        return value;
    }

    public void setValue(double value) {
        this.value = value;
    }

    public long getUpdatedMillis() {
        return updatedMillis;
    }

    public void setUpdatedMillis(long updatedMillis) {
        this.updatedMillis = updatedMillis;
    }
}

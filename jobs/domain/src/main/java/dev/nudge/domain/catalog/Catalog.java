package dev.nudge.domain.catalog;

import java.util.Optional;

/** Read access to the current catalog of one brand. */
public interface Catalog {
    Optional<CatalogItem> item(String sku);
}

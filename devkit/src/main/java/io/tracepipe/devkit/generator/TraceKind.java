package io.tracepipe.devkit.generator;

/** The kinds of user request the shop serves, each with its own trace shape and size. */
public enum TraceKind {
    /** {@code GET /} on the frontend: a couple of spans. */
    BROWSE,
    /** {@code GET /product/{id}}: the frontend asks inventory for stock, about five spans. */
    PRODUCT,
    /** {@code POST /checkout} with a small cart: frontend, checkout, inventory, payment and database, 15-30 spans. */
    CHECKOUT,
    /** A checkout of a very large cart: the same flow with 100-300 spans. */
    BULK_CHECKOUT
}

package org.editgov.requestapi.reviews;

/** A reviewer's verdict on a proposed edit. */
public enum Decision {
    APPROVE, REJECT
}

package dev.nudge.domain.event;

public enum BrowseKind { VIEW, ADD_TO_CART, REMOVE_FROM_CART, SEARCH }

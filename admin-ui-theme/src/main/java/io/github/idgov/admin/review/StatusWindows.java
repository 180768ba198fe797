package io.github.idgov.admin.review;

import io.github.idgov.core.Inactivity;

/**
 * The sweep's windows the review API's statuses share: {@code review-due} within {@code warningDays} of the due date,
 * {@code stale} after the class's stale days without a login or token ({@link Inactivity}).
 */
record StatusWindows(int warningDays, Inactivity inactivity) {
}

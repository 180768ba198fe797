package io.github.idgov.admin.review;

/** A request parameter or body field that is malformed; the resource answers it with a 400 naming {@link #field()}. */
final class InvalidParameter extends IllegalArgumentException {

    private final String field;

    InvalidParameter(String field, String message) {
        super(message);
        this.field = field;
    }

    String field() {
        return field;
    }
}

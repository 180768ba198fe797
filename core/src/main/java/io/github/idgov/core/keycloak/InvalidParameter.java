package io.github.idgov.core.keycloak;

/**
 * A request parameter or body field of an admin call that is malformed; {@link AdminInput#checked} answers it with
 * a 400 naming {@link #field()}.
 */
public final class InvalidParameter extends IllegalArgumentException {

    private final String field;

    public InvalidParameter(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}

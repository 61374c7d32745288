package mamori.identity;

/// What a person is at the facility; a person may hold several roles.
public enum Role {
    OPERATOR,
    SUPERVISOR,
    AUDITOR,
    ADMINISTRATOR
}

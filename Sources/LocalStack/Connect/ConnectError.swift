/// An error answer of the Connect stand-in: the model's exception name, its HTTP status and a
/// message for people. Messages name the field or resource, never a secret value.
struct ConnectError: Error, Sendable, Equatable {
    var status: Int
    var type: String
    var message: String

    /// A member that breaks a model constraint (length, range, pattern, enum, required).
    static func invalidParameter(_ message: String) -> ConnectError {
        ConnectError(status: 400, type: "InvalidParameterException", message: message)
    }

    /// A body that is not JSON, or a member of the wrong JSON type.
    static func invalidRequest(_ message: String) -> ConnectError {
        ConnectError(status: 400, type: "InvalidRequestException", message: message)
    }

    static func notFound(_ message: String) -> ConnectError {
        ConnectError(status: 404, type: "ResourceNotFoundException", message: message)
    }

    static func duplicate(_ message: String) -> ConnectError {
        ConnectError(status: 409, type: "DuplicateResourceException", message: message)
    }

    static func limitExceeded(_ message: String) -> ConnectError {
        ConnectError(status: 429, type: "LimitExceededException", message: message)
    }

    /// The coral validation message AWS sends for a member that breaks a constraint. The value
    /// itself is never echoed (AWS redacts sensitive members; we redact all of them).
    static func constraint(_ path: String, _ constraint: String) -> ConnectError {
        invalidParameter("1 validation error detected: Value at '\(path)' failed to satisfy constraint: \(constraint)")
    }

    static func missing(_ path: String) -> ConnectError {
        invalidParameter("1 validation error detected: Value null at '\(path)' failed to satisfy constraint: Member must not be null")
    }
}

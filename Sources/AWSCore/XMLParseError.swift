public struct XMLParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public let offset: Int
    public var description: String { "malformed XML at byte \(offset): \(message)" }
}

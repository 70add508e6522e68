/// Why no usable credentials were found, in words a person can act on. Never holds a secret.
public struct CredentialError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

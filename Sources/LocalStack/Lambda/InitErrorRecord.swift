import Foundation

/// A `POST /runtime/init/error`: the function could not start.
public struct InitErrorRecord: Codable, Sendable, Equatable {
    public var at: Date
    public var errorType: String?
    public var body: String
}

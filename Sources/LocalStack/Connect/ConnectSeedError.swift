import AWSCore
import Foundation

/// A seed that names something it does not define (a profile, a group, a level).
public struct ConnectSeedError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

import AWSCore
import Foundation
import Synchronization

/// A unit SearchUsers may report a per-channel ACW in.
public enum AfterContactWorkReading: String, Sendable, Codable, CaseIterable {
    case milliseconds, seconds

    /// How many of the unit make a second.
    public var perSecond: Int { self == .milliseconds ? 1000 : 1 }
}

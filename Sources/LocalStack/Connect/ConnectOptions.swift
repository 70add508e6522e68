import AWSCore
import Foundation
import Synchronization

/// How the Connect stand-in behaves beyond its data.
public struct ConnectOptions: Sendable {
    /// The region and account in ARNs; `nil` takes the seed's.
    public var region: String?
    public var accountID: String?
    /// Users per instance; CreateUser beyond it answers 429 `LimitExceededException`.
    public var usersPerInstanceQuota: Int
    /// How long SearchUsers keeps showing a user's previous state after a write (AWS's search
    /// index is eventually consistent; clients that read back through search must cope).
    public var searchLag: Duration
    /// How long a new user stays invisible after CreateUser: SearchUsers and ListUsers do not
    /// list it and every call on its id answers 404 `ResourceNotFoundException`, while CreateUser
    /// of its username already meets it (AWS: the API is eventually consistent; a change
    /// "typically" propagates in "less than a few seconds", in some cases "several minutes").
    public var creationLag: Duration
    /// The unit SearchUsers reports the per-channel ACW (`AfterContactWorkConfigs`) in. AWS
    /// documents only PhoneConfig's ("returned in milliseconds"); the per-channel shape says
    /// seconds. Both readings are served, so clients are tested under each.
    public var searchChannelAfterContactWorkUnit: AfterContactWorkReading
    public var now: @Sendable () -> Date
    /// Ids of created users.
    public var makeID: @Sendable () -> String

    public init(region: String? = nil, accountID: String? = nil, usersPerInstanceQuota: Int = 500,
                searchLag: Duration = .zero, creationLag: Duration = .zero,
                searchChannelAfterContactWorkUnit: AfterContactWorkReading = .milliseconds,
                now: @escaping @Sendable () -> Date = { Date() },
                makeID: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() }) {
        self.region = region
        self.accountID = accountID
        self.usersPerInstanceQuota = usersPerInstanceQuota
        self.searchLag = searchLag
        self.creationLag = creationLag
        self.searchChannelAfterContactWorkUnit = searchChannelAfterContactWorkUnit
        self.now = now
        self.makeID = makeID
    }
}

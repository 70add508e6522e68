/// The account's quotas as the local Service Quotas publishes them (`serviceQuotas` in the
/// configuration), which the Connect throttle's buckets follow, so that the stack is one
/// consistent account: what a function reads is what the throttle allows.
///
/// Every rate here is at AWS's scale, where the default is 2 requests a second; the stack
/// serves each one multiplied by `throttle.ratePerSecond` / `defaultRatePerSecond` (1 by
/// default), so a stack whose throttle is raised for a shorter run (`--rate 20`: ten times
/// AWS's) is the same account, faster: its quotas and its buckets scaled alike.
public struct ServiceQuotasSettings: Codable, Sendable, Equatable {
    /// Whether Connect's API rate quotas are listed at all. `false`: both listings hold only
    /// the other quotas (as where Service Quotas publishes no API rate), so a function falls
    /// back to its `API_INTERVAL_MS`, and the buckets are the throttle's alone.
    public var published = true
    /// AWS's current default for every Connect API not in `defaults`, requests a second.
    public var defaultRatePerSecond = 2.0
    /// AWS's current defaults above that (ListAWSDefaultServiceQuotas).
    public var defaults: [String: Double] = Self.awsDefaults
    /// The account's applied quotas (ListServiceQuotas): none by default, as an account that
    /// never asked for an increase.
    public var applied: [String: Double] = [:]
    /// Both listings answer `AccessDeniedException` (a role without the permissions).
    public var denied = false
    public init() {}

    /// AWS's current defaults above 2 requests a second (Amazon Connect's "API throttling
    /// quotas": DescribeUser, ListUsers, ListRoutingProfiles, ListUserHierarchyGroups,
    /// ListUserProficiencies, ListQuickConnects, DescribeQuickConnect at 10).
    public static let awsDefaults: [String: Double] = [
        "DescribeUser": 10, "ListUsers": 10, "ListRoutingProfiles": 10, "ListUserHierarchyGroups": 10,
        "ListUserProficiencies": 10, "ListQuickConnects": 10, "DescribeQuickConnect": 10,
    ]

    /// The default rate of `operation` at AWS's scale (nil when no API quota is published).
    func defaultRate(of operation: String) -> Double? {
        published ? defaults[operation] ?? defaultRatePerSecond : nil
    }

    /// The applied rate of `operation` at AWS's scale (nil when none is applied).
    func appliedRate(of operation: String) -> Double? {
        published ? applied[operation] : nil
    }

    /// What the account may do, as a multiple of the default rate (nil when no API quota is
    /// published): the throttle's bucket for `operation` is its rate times this.
    public func multiple(of operation: String) -> Double? {
        (appliedRate(of: operation) ?? defaultRate(of: operation)).map { $0 / defaultRatePerSecond }
    }
}

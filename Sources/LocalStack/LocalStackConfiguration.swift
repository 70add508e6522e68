import Foundation

/// Everything `connect-local` can be told, from a JSON file (`--config`) and flags. Every
/// member has a default, so `{}` is a valid configuration.
public struct LocalStackConfiguration: Codable, Sendable {
    public var host = "127.0.0.1"
    public var port = 4566
    /// Check SigV4 on every Connect and S3 request.
    public var verifySignatures = true
    /// The key pairs requests may be signed with.
    public var credentials = [SigV4Verifier.Key(
        accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")]
    /// The account's Connect API throttle: each operation's bucket (or the shared one).
    public var throttle = TokenBucket.Settings()
    /// `operation`: a bucket per Connect operation, as AWS's quotas are; `shared`: one bucket
    /// for every operation.
    public var throttleScope = ConnectThrottle.Scope.operation
    /// Operations whose bucket has settings of its own (a lowered account's quota).
    public var operationThrottles: [String: TokenBucket.Settings] = [:]
    public var faults = FaultPlan.Settings()
    public var connect = Connect()
    public var lambda = Lambda()
    /// Buckets that exist at start.
    public var buckets = ["agents"]
    /// Event notifications, as the CloudFormation template configures them.
    public var notifications = [
        S3NotificationRule(id: "create-csv", bucket: "agents", prefix: "create/", suffix: ".csv", events: ["s3:ObjectCreated:*"]),
        S3NotificationRule(id: "update-csv", bucket: "agents", prefix: "update/", suffix: ".csv", events: ["s3:ObjectCreated:*"]),
        S3NotificationRule(id: "plan-csv", bucket: "agents", prefix: "plan/", suffix: ".csv", events: ["s3:ObjectCreated:*"]),
        S3NotificationRule(id: "delete-csv", bucket: "agents", prefix: "delete/", suffix: ".csv", events: ["s3:ObjectCreated:*"]),
        // Any object starts an export (the function ignores its own `.bak`).
        S3NotificationRule(id: "export-any", bucket: "agents", prefix: "export/", events: ["s3:ObjectCreated:*"]),
    ]

    public struct Connect: Codable, Sendable {
        public var usersPerInstanceQuota = 500
        public var searchLagMs = 0
        /// A new user is invisible (not listed or searched, 404 on its id) for this long.
        public var creationLagMs = 0
        /// `milliseconds` or `seconds`: the unit of SearchUsers' per-channel ACW.
        public var searchChannelAfterContactWorkUnit = AfterContactWorkReading.milliseconds
        public init() {}
    }

    public struct Lambda: Codable, Sendable {
        public var functionName = "connect-agents-bulk"
        public var timeoutSeconds = 900
        public var maxRetries = 2
        public var retryDelayMs = 0
        public init() {}
    }

    // Service Quotas (issue 20): what the account's quotas are, which the buckets follow.
    public var serviceQuotas = ServiceQuotasSettings()

    public init() {}

    /// A configuration file's JSON laid over the defaults: members it leaves out, at any
    /// depth, keep their default values.
    public static func load(json: Data) throws -> LocalStackConfiguration {
        let defaults = try JSONSerialization.jsonObject(with: JSONEncoder().encode(LocalStackConfiguration()))
        let given = try JSONSerialization.jsonObject(with: json)
        let merged = try JSONSerialization.data(withJSONObject: merge(defaults, given))
        return try JSONDecoder().decode(LocalStackConfiguration.self, from: merged)
    }

    private static func merge(_ base: Any, _ override: Any) -> Any {
        guard let base = base as? [String: Any], let override = override as? [String: Any] else { return override }
        return base.merging(override) { merge($0, $1) }
    }
}

import AWSCore
import Foundation

/// Service Quotas' two reads of a service's quotas (AWS JSON 1.1: `POST /`, the operation in
/// `X-Amz-Target`), for service code `connect`: a rate quota for each Connect API the stack
/// serves, named and measured as AWS publishes API quotas ("Rate of DescribeUser API
/// requests", usage metric `Type=API`, `Resource=<operation>`, per 1 SECOND), and a few quotas
/// that are not API rates (users per instance, among them). Members, paging and errors follow
/// botocore's `service-quotas/2019-06-24`.
public final class ServiceQuotasService: LocalService {
    public let settings: ServiceQuotasSettings
    let accountID: String
    let region: String
    let usersPerInstance: Int
    /// The stack's scale: the throttle's rate over AWS's default (`ServiceQuotasSettings`).
    let scale: @Sendable () -> Double

    static let targetPrefix = "ServiceQuotasV20190624."
    static let operations: Set<String> = ["ListServiceQuotas", "ListAWSDefaultServiceQuotas"]
    /// The `MaxResults` maximum, and what a request without one gets.
    static let maxResults = 100

    /// The Connect APIs the stack serves, each with a rate quota.
    public static let connectAPIs = [
        "AssociateUserProficiencies", "CreateQuickConnect", "CreateUser", "DeleteQuickConnect", "DeleteUser",
        "DescribeInstance", "DescribePredefinedAttribute", "DescribeQuickConnect", "DescribeUser", "DescribeUserHierarchyGroup",
        "DescribeUserHierarchyStructure", "DisassociateUserProficiencies", "ListPredefinedAttributes", "ListQuickConnects",
        "ListRoutingProfiles", "ListSecurityProfiles", "ListTagsForResource", "ListUserHierarchyGroups", "ListUserProficiencies",
        "ListUsers", "SearchPredefinedAttributes", "SearchQuickConnects", "SearchUserHierarchyGroups", "SearchUsers",
        "TagResource", "UntagResource", "UpdateUserConfig", "UpdateUserHierarchy", "UpdateUserIdentityInfo",
        "UpdateUserPhoneConfig", "UpdateUserProficiencies", "UpdateUserRoutingProfile", "UpdateUserSecurityProfiles",
    ]

    public init(settings: ServiceQuotasSettings, accountID: String, region: String, usersPerInstance: Int,
                scale: @escaping @Sendable () -> Double = { 1 }) {
        self.settings = settings
        self.scale = scale
        self.accountID = accountID
        self.region = region
        self.usersPerInstance = usersPerInstance
    }

    public func operation(for request: LocalRequest) -> String? {
        guard request.method == "POST", request.path == "/",
              let target = request.headers.first(name: "X-Amz-Target"), target.hasPrefix(Self.targetPrefix) else { return nil }
        let operation = String(target.dropFirst(Self.targetPrefix.count))
        return Self.operations.contains(operation) ? operation : nil
    }

    struct ListRequest: Decodable {
        var ServiceCode: String?
        var NextToken: String?
        var MaxResults: Int?
    }

    public func handle(_ request: LocalRequest, operation: String, requestID: String) async -> TransportResponse {
        if settings.denied {
            return Self.error(400, "AccessDeniedException", """
                User: arn:aws:sts::\(accountID):assumed-role/connect-agents-bulk/function is not authorized to perform: servicequotas:\(operation) \
                because no identity-based policy allows the servicequotas:\(operation) action
                """, requestID)
        }
        guard let input = try? JSONDecoder().decode(ListRequest.self, from: Data(request.body.isEmpty ? Array("{}".utf8) : request.body)) else {
            return Self.error(400, "SerializationException", "The request body is not JSON", requestID)
        }
        guard let code = input.ServiceCode, !code.isEmpty else {
            return Self.error(400, "IllegalArgumentException", "ServiceCode is required", requestID)
        }
        guard code == "connect" else {
            return Self.error(400, "NoSuchResourceException", "The request failed because the specified service does not exist.", requestID)
        }
        let size = input.MaxResults ?? Self.maxResults
        guard (1...Self.maxResults).contains(size) else {
            return Self.error(400, "IllegalArgumentException", "MaxResults must be from 1 to \(Self.maxResults)", requestID)
        }
        let all = operation == "ListServiceQuotas" ? applied() : defaults()
        var start = 0
        if let token = input.NextToken {
            guard let decoded = Data(base64Encoded: token).flatMap({ Int(String(decoding: $0, as: UTF8.self)) }),
                  (0...all.count).contains(decoded) else {
                return Self.error(400, "InvalidPaginationTokenException", "Invalid pagination token", requestID)
            }
            start = decoded
        }
        let end = min(all.count, start + size)
        var page: [String: Any] = ["Quotas": Array(all[start..<end])]
        if end < all.count { page["NextToken"] = Data(String(end).utf8).base64EncodedString() }
        let body = (try? JSONSerialization.data(withJSONObject: page, options: [.sortedKeys])) ?? Data("{}".utf8)
        return TransportResponse(status: 200, headers: ["x-amzn-RequestId": requestID, "Content-Type": "application/x-amz-json-1.1"],
                            body: Array(body))
    }

    /// ListAWSDefaultServiceQuotas: every quota at AWS's default.
    func defaults() -> [[String: Any]] {
        let scale = scale()
        var quotas = Self.connectAPIs.compactMap { api in settings.defaultRate(of: api).map { apiQuota(api, $0 * scale) } }
        quotas += [other("L-9A46857E", "Users per instance", 500), other("L-AA17C5A9", "Amazon Connect instances per account", 2),
                   other("L-2AE71BFC", "Security profiles per instance", 100)]
        return quotas
    }

    /// ListServiceQuotas: the quotas with an applied value (the API rates applied, and users
    /// per instance as the stack is configured).
    func applied() -> [[String: Any]] {
        let scale = scale()
        var quotas = Self.connectAPIs.compactMap { api in settings.appliedRate(of: api).map { apiQuota(api, $0 * scale) } }
        quotas.append(other("L-9A46857E", "Users per instance", Double(usersPerInstance)))
        return quotas
    }

    private func apiQuota(_ api: String, _ rate: Double) -> [String: Any] {
        var quota = base(Self.code(api), "Rate of \(api) API requests", rate)
        quota["UsageMetric"] = ["MetricNamespace": "AWS/Usage", "MetricName": "CallCount", "MetricStatisticRecommendation": "Sum",
                                "MetricDimensions": ["Class": "None", "Resource": api, "Service": "Connect", "Type": "API"]]
        quota["Period"] = ["PeriodValue": 1, "PeriodUnit": "SECOND"]
        return quota
    }

    private func other(_ code: String, _ name: String, _ value: Double) -> [String: Any] {
        base(code, name, value)
    }

    private func base(_ code: String, _ name: String, _ value: Double) -> [String: Any] {
        ["ServiceCode": "connect", "ServiceName": "Amazon Connect", "QuotaCode": code, "QuotaName": name, "Value": value,
         "Unit": "None", "Adjustable": true, "GlobalQuota": false,
         "QuotaArn": "arn:aws:servicequotas:\(region):\(accountID):connect/\(code)"]
    }

    /// A stable quota code per API (`L-` and eight hex digits, as AWS's look).
    static func code(_ api: String) -> String {
        var hash: UInt32 = 2_166_136_261
        for byte in api.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return "L-" + String(format: "%08X", hash)
    }

    /// An AWS JSON 1.1 error: `__type` and `Message` in the body.
    static func error(_ status: Int, _ type: String, _ message: String, _ requestID: String) -> TransportResponse {
        AWSErrorResponse.json11(status: status, type: type, message: message, requestID: requestID)
    }
}

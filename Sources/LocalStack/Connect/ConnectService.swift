import AWSCore
import Foundation
import Synchronization

/// Amazon Connect's user-management API (the operations the bulk engine uses, and the ones
/// needed to look around), as plain logic behind `LocalService`.
///
/// Paths, methods, member names, constraints and errors follow AWS's service model
/// (botocore `connect/2017-08-08`). Two behaviours of the real service that trip clients are
/// kept on purpose: SearchUsers reports `AfterContactWorkTimeLimit` in milliseconds, and
/// SearchUsers lags writes by `ConnectOptions.searchLag`.
public final class ConnectService: LocalService {
    struct State: Sendable {
        var instances: [String: ConnectInstance] = [:]
        var instanceOrder: [String] = []
    }

    let options: ConnectOptions
    let region: String
    let accountID: String
    let state: Mutex<State>
    /// The moment the service was seeded: LastModifiedTime of seeded profiles and groups.
    let seededAt: Date
    private let tokenKey: [UInt8]

    public init(seed: ConnectSeed = .defaultSeed, options: ConnectOptions = ConnectOptions()) throws {
        self.options = options
        region = options.region ?? seed.region
        accountID = options.accountID ?? seed.accountID
        let now = options.now()
        seededAt = now
        tokenKey = Crypto.sha256(Array("connect-local-pagination|\(accountID)|\(region)".utf8))
        var state = State()
        for instanceSeed in seed.instances {
            let instance = try Self.makeInstance(instanceSeed, region: region, accountID: accountID, now: now)
            guard state.instances[instance.id] == nil else {
                throw ConnectSeedError(description: "instance '\(instance.id)' is seeded twice")
            }
            state.instances[instance.id] = instance
            state.instanceOrder.append(instance.id)
        }
        self.state = Mutex(state)
    }

    // MARK: Admin and test access

    /// The ids of the instances, in seed order.
    public var instanceIDs: [String] { state.withLock { $0.instanceOrder } }

    /// The current users of an instance in creation order (empty for an unknown instance).
    public func users(instanceID: String) -> [ConnectUserState] {
        state.withLock { $0.instances[instanceID]?.currentUsers.map(\.user) ?? [] }
    }

    // MARK: Routing

    /// The operation for a method and path shape; path parameters are returned decoded.
    static func route(_ request: LocalRequest) -> (operation: String, parameters: [String])? {
        let segments = request.pathSegments
        guard let first = segments.first else { return nil }
        let rest = Array(segments.dropFirst())
        let method = request.method.uppercased()
        if first == "tags", !rest.isEmpty, rest.allSatisfy({ !$0.isEmpty }) {
            // A resource ARN holds `/`; clients encode it as %2F, but accept it raw as well.
            let arn = rest.joined(separator: "/")
            switch method {
            case "POST": return ("TagResource", [arn])
            case "GET": return ("ListTagsForResource", [arn])
            case "DELETE": return ("UntagResource", [arn])
            default: return nil
            }
        }
        guard rest.allSatisfy({ !$0.isEmpty }) else { return nil }
        switch (method, first, rest.count) {
        case ("PUT", "users", 1): return ("CreateUser", rest)
        case ("GET", "users", 2): return ("DescribeUser", rest)
        case ("DELETE", "users", 2): return ("DeleteUser", rest)
        case ("POST", "users", 3):
            let operation: String? = switch rest[2] {
            case "identity-info": "UpdateUserIdentityInfo"
            case "phone-config": "UpdateUserPhoneConfig"
            case "routing-profile": "UpdateUserRoutingProfile"
            case "security-profiles": "UpdateUserSecurityProfiles"
            case "hierarchy": "UpdateUserHierarchy"
            case "config": "UpdateUserConfig"
            case "proficiencies": "UpdateUserProficiencies"
            case "associate-proficiencies": "AssociateUserProficiencies"
            case "disassociate-proficiencies": "DisassociateUserProficiencies"
            default: nil
            }
            return operation.map { ($0, Array(rest.prefix(2))) }
        case ("GET", "users", 3) where rest[2] == "proficiencies": return ("ListUserProficiencies", Array(rest.prefix(2)))
        case ("GET", "users-summary", 1): return ("ListUsers", rest)
        case ("POST", "search-predefined-attributes", 0): return ("SearchPredefinedAttributes", [])
        case ("GET", "predefined-attributes", 1): return ("ListPredefinedAttributes", rest)
        case ("GET", "predefined-attributes", 2): return ("DescribePredefinedAttribute", rest)
        case ("POST", "search-users", 0): return ("SearchUsers", [])
        case ("GET", "security-profiles-summary", 1): return ("ListSecurityProfiles", rest)
        case ("GET", "routing-profiles-summary", 1): return ("ListRoutingProfiles", rest)
        case ("GET", "user-hierarchy-groups-summary", 1): return ("ListUserHierarchyGroups", rest)
        case ("GET", "user-hierarchy-groups", 2): return ("DescribeUserHierarchyGroup", rest)
        case ("POST", "search-user-hierarchy-groups", 0): return ("SearchUserHierarchyGroups", [])
        case ("GET", "user-hierarchy-structure", 1): return ("DescribeUserHierarchyStructure", rest)
        case ("GET", "instance", 1): return ("DescribeInstance", rest)
        case ("PUT", "quick-connects", 1): return ("CreateQuickConnect", rest)
        case ("GET", "quick-connects", 1): return ("ListQuickConnects", rest)
        case ("GET", "quick-connects", 2): return ("DescribeQuickConnect", rest)
        case ("DELETE", "quick-connects", 2): return ("DeleteQuickConnect", rest)
        case ("POST", "search-quick-connects", 0): return ("SearchQuickConnects", [])
        default: return nil
        }
    }

    public func operation(for request: LocalRequest) -> String? {
        Self.route(request)?.operation
    }

    public func handle(_ request: LocalRequest, operation: String, requestID: String) async -> TransportResponse {
        do throws(ConnectError) {
            guard let route = Self.route(request), route.operation == operation else {
                throw .invalidRequest("The request does not match the operation \(operation)")
            }
            let body = try dispatch(operation, parameters: route.parameters, request: request)
            var headers: HTTPHeaders = ["x-amzn-RequestId": requestID]
            if body != nil { headers.add(name: "Content-Type", value: "application/json") }
            return TransportResponse(status: 200, headers: headers, body: body?.bytes ?? [])
        } catch {
            return AWSErrorResponse.json(status: error.status, type: error.type, message: error.message, requestID: requestID)
        }
    }

    private func dispatch(_ operation: String, parameters p: [String], request: LocalRequest) throws(ConnectError) -> ConnectJSON? {
        switch operation {
        case "CreateUser": return try createUser(instanceID: p[0], body: .body(request.body))
        case "DescribeUser": return try describeUser(instanceID: p[0], userID: p[1])
        case "DeleteUser": try deleteUser(instanceID: p[0], userID: p[1]); return nil
        case "UpdateUserIdentityInfo": try updateIdentityInfo(instanceID: p[0], userID: p[1], body: .body(request.body)); return nil
        case "UpdateUserPhoneConfig": try updatePhoneConfig(instanceID: p[0], userID: p[1], body: .body(request.body)); return nil
        case "UpdateUserRoutingProfile": try updateRoutingProfile(instanceID: p[0], userID: p[1], body: .body(request.body)); return nil
        case "UpdateUserSecurityProfiles": try updateSecurityProfiles(instanceID: p[0], userID: p[1], body: .body(request.body)); return nil
        case "UpdateUserHierarchy": try updateHierarchy(instanceID: p[0], userID: p[1], body: .body(request.body)); return nil
        case "UpdateUserConfig": try updateUserConfig(instanceID: p[0], userID: p[1], body: .body(request.body)); return nil
        case "ListUserProficiencies": return try listUserProficiencies(instanceID: p[0], userID: p[1], request: request)
        case "AssociateUserProficiencies": try associateProficiencies(instanceID: p[0], userID: p[1], body: .body(request.body)); return nil
        case "DisassociateUserProficiencies": try disassociateProficiencies(instanceID: p[0], userID: p[1], body: .body(request.body)); return nil
        case "UpdateUserProficiencies": try updateProficiencies(instanceID: p[0], userID: p[1], body: .body(request.body)); return nil
        case "SearchPredefinedAttributes": return try searchPredefinedAttributes(body: .body(request.body))
        case "ListPredefinedAttributes": return try listPredefinedAttributes(instanceID: p[0], request: request)
        case "DescribePredefinedAttribute": return try describePredefinedAttribute(instanceID: p[0], name: p[1])
        case "ListUsers": return try listUsers(instanceID: p[0], request: request)
        case "SearchUsers": return try searchUsers(body: .body(request.body))
        case "ListSecurityProfiles": return try listSecurityProfiles(instanceID: p[0], request: request)
        case "ListRoutingProfiles": return try listRoutingProfiles(instanceID: p[0], request: request)
        case "ListUserHierarchyGroups": return try listHierarchyGroups(instanceID: p[0], request: request)
        case "DescribeUserHierarchyGroup": return try describeHierarchyGroup(instanceID: p[0], groupID: p[1])
        case "SearchUserHierarchyGroups": return try searchHierarchyGroups(body: .body(request.body))
        case "DescribeUserHierarchyStructure": return try describeHierarchyStructure(instanceID: p[0])
        case "DescribeInstance": return try describeInstance(instanceID: p[0])
        case "TagResource": try tagResource(arn: p[0], body: .body(request.body)); return nil
        case "UntagResource": try untagResource(arn: p[0], request: request); return nil
        case "ListTagsForResource": return try listTags(arn: p[0])
        case "CreateQuickConnect": return try createQuickConnect(instanceID: p[0], body: .body(request.body))
        case "ListQuickConnects": return try listQuickConnects(instanceID: p[0], request: request)
        case "DescribeQuickConnect": return try describeQuickConnect(instanceID: p[0], quickConnectID: p[1])
        case "DeleteQuickConnect": try deleteQuickConnect(instanceID: p[0], quickConnectID: p[1]); return nil
        case "SearchQuickConnects": return try searchQuickConnects(body: .body(request.body))
        default: throw .invalidRequest("Unknown operation \(operation)")
        }
    }

    // MARK: Shared helpers

    /// The current time and the cutoff before which SearchUsers sees writes.
    var lagSeconds: TimeInterval { Self.seconds(options.searchLag) }

    /// When a user created now becomes visible (`ConnectOptions.creationLag`).
    func visibleFrom(createdAt time: Date) -> Date { time.addingTimeInterval(Self.seconds(options.creationLag)) }

    static func seconds(_ duration: Duration) -> TimeInterval {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    func checkInstanceID(_ id: String, path: String = "InstanceId") throws(ConnectError) {
        if id.utf16.count > 100 { throw .constraint(path, "Member must have length less than or equal to 100") }
        if id.isEmpty { throw .constraint(path, "Member must have length greater than or equal to 1") }
    }

    /// Runs `body` on an existing instance, under the lock.
    func withInstance<T>(_ instanceID: String, _ body: (inout ConnectInstance) throws(ConnectError) -> T) throws(ConnectError) -> T {
        try checkInstanceID(instanceID)
        let result: Result<T, ConnectError> = state.withLock { state in
            guard state.instances[instanceID] != nil else {
                return .failure(.notFound("Instance '\(instanceID)' not found"))
            }
            do throws(ConnectError) {
                // In place, so a write does not copy the instance's users.
                return .success(try body(&state.instances[instanceID]!))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    func instanceARN(_ instanceID: String) -> String {
        "arn:aws:connect:\(region):\(accountID):instance/\(instanceID)"
    }

    // MARK: Pagination

    /// Tokens are opaque to clients: base64url of `v1|operation|instance|position|mac`, the mac
    /// keeping hand-made or cross-operation tokens out.
    func makeToken(operation: String, instanceID: String, after position: Int) -> String {
        let payload = "v1|\(operation)|\(instanceID)|\(position)"
        let mac = Crypto.hex(Crypto.hmacSHA256(key: tokenKey, message: Array(payload.utf8)).prefix(12))
        return Data("\(payload)|\(mac)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    func readToken(_ token: String?, operation: String, instanceID: String) throws(ConnectError) -> Int {
        guard let token else { return 0 }
        let invalid = ConnectError.invalidParameter("The NextToken is not valid for this request")
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8) else { throw invalid }
        let parts = text.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 5, parts[0] == "v1", parts[1] == operation, parts[2] == instanceID,
              let position = Int(parts[3]), position >= 0 else { throw invalid }
        let payload = parts[0 ..< 4].joined(separator: "|")
        let mac = Crypto.hex(Crypto.hmacSHA256(key: tokenKey, message: Array(payload.utf8)).prefix(12))
        guard mac == parts[4] else { throw invalid }
        return position
    }

    /// One page of `items` (sorted by position): those after `after`, at most `limit`, and the
    /// token for the next page when more remain.
    func page<T>(_ items: [(position: Int, item: T)], after: Int, limit: Int,
                 operation: String, instanceID: String) -> (items: [T], next: String?) {
        let remaining = items.drop { $0.position <= after }
        let taken = remaining.prefix(limit)
        let next = remaining.count > limit ? taken.last.map { makeToken(operation: operation, instanceID: instanceID, after: $0.position) } : nil
        return (taken.map(\.item), next)
    }

    /// `maxResults` and `nextToken` of the ListX operations, from the query string.
    func listPaging(_ request: LocalRequest, operation: String, instanceID: String) throws(ConnectError) -> (after: Int, limit: Int) {
        var limit = 100
        if let text = request.queryValue("maxResults") {
            guard let value = Int(text) else { throw .invalidRequest("'MaxResults' must be an integer") }
            guard (1 ... 1000).contains(value) else {
                throw .constraint("MaxResults", value < 1 ? "Member must have value greater than or equal to 1"
                                                          : "Member must have value less than or equal to 1000")
            }
            limit = value
        }
        let after = try readToken(request.queryValue("nextToken"), operation: operation, instanceID: instanceID)
        return (after, limit)
    }
}

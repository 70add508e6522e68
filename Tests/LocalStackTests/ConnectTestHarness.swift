import AWSCore
import Foundation
import LocalStack
import Synchronization

/// A Connect stand-in with a hand-stepped clock and predictable ids, driven through
/// `LocalRequest` → `handle` as the server shell drives it.
final class ConnectHarness: Sendable {
    let service: ConnectService
    private let clock: Box<Date>

    /// A lock-protected value that closures can share.
    final class Box<Value: Sendable>: Sendable {
        let value: Mutex<Value>
        init(_ value: Value) { self.value = Mutex(value) }
    }

    static let start = Date(timeIntervalSince1970: 1_700_000_000)
    static let seed = ConnectSeed.defaultSeed
    static let managed = ConnectSeed.instanceID(alias: "agents-managed")
    static let saml = ConnectSeed.instanceID(alias: "agents-saml")
    static let directory = ConnectSeed.instanceID(alias: "agents-directory")

    init(seed: ConnectSeed = ConnectHarness.seed, quota: Int = 500, searchLag: Duration = .zero) throws {
        let clock = Box(Self.start)
        let counter = Box(0)
        self.clock = clock
        let now: @Sendable () -> Date = { clock.value.withLock { $0 } }
        let makeID: @Sendable () -> String = {
            let n = counter.value.withLock { value in
                value += 1
                return value
            }
            return "00000000-0000-4000-8000-" + String(repeating: "0", count: 12 - String(n).count) + String(n)
        }
        service = try ConnectService(seed: seed, options: ConnectOptions(
            usersPerInstanceQuota: quota, searchLag: searchLag, now: now, makeID: makeID))
    }

    var now: Date { clock.value.withLock { $0 } }

    func advance(seconds: Double) {
        clock.value.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    struct Reply {
        var status: Int
        var headers: HTTPHeaders
        var body: [UInt8]

        /// The body as a JSON object (`[:]` when empty).
        var json: [String: Any] {
            guard !body.isEmpty, let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else { return [:] }
            return object
        }

        /// The short error type from `x-amzn-ErrorType` (`InvalidParameterException`).
        var errorType: String? {
            headers.first(name: "x-amzn-ErrorType").map { String($0.split(separator: ":")[0]) }
        }

        var message: String { json["Message"] as? String ?? "" }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// Sends a request; `body` is JSON text or an object for `JSONSerialization`.
    func call(_ method: String, _ path: String, query: String = "", json: Any? = nil, raw: String? = nil) async -> Reply {
        var bytes: [UInt8] = []
        if let raw {
            bytes = Array(raw.utf8)
        } else if let json {
            bytes = Array(try! JSONSerialization.data(withJSONObject: json))
        }
        let request = LocalRequest(method: method, path: path, rawQuery: query, headers: [:], body: bytes)
        guard let operation = service.operation(for: request) else {
            return Reply(status: -1, headers: [:], body: [])
        }
        let response = await service.handle(request, operation: operation, requestID: "req-1")
        return Reply(status: response.status, headers: response.headers, body: response.body)
    }

    // MARK: Shortcuts

    static func securityProfile(_ name: String, instance: String = managed) -> String {
        ConnectSeed.securityProfileID(instanceID: instance, name: name)
    }

    static func routingProfile(_ name: String, instance: String = managed) -> String {
        ConnectSeed.routingProfileID(instanceID: instance, name: name)
    }

    static func group(_ path: String, instance: String = managed) -> String {
        ConnectSeed.hierarchyGroupID(instanceID: instance, path: path)
    }

    /// A CreateUser body valid for the Connect-managed instance, with `changes` applied
    /// (`NSNull()` removes a member).
    static func createBody(_ username: String = "rroe", instance: String = managed, _ changes: [String: Any] = [:]) -> [String: Any] {
        var body: [String: Any] = [
            "Username": username,
            "Password": "F@keP@ssw0rd",
            "IdentityInfo": ["FirstName": "Roe", "LastName": "Richard", "Email": "rroe@example.com"],
            "PhoneConfig": ["PhoneType": "SOFT_PHONE", "AutoAccept": true, "AfterContactWorkTimeLimit": 30],
            "SecurityProfileIds": [securityProfile("CallCenterManager", instance: instance)],
            "RoutingProfileId": routingProfile("Basic Routing Profile", instance: instance),
            "HierarchyGroupId": group("technical support/IT/Eastern", instance: instance),
        ]
        for (key, value) in changes {
            if value is NSNull { body[key] = nil } else { body[key] = value }
        }
        return body
    }

    /// Creates a user and returns its id (or `nil` with the failing reply).
    func create(_ body: [String: Any], instance: String = managed) async -> (id: String?, reply: Reply) {
        let reply = await call("PUT", "/users/\(instance)", json: body)
        return (reply.json["UserId"] as? String, reply)
    }

    func describe(_ userID: String, instance: String = managed) async -> [String: Any] {
        await call("GET", "/users/\(instance)/\(userID)").json["User"] as? [String: Any] ?? [:]
    }

    func search(_ body: [String: Any]) async -> Reply {
        var body = body
        if body["InstanceId"] == nil { body["InstanceId"] = Self.managed }
        return await call("POST", "/search-users", json: body)
    }

    /// Usernames SearchUsers returns for `criteria` (all pages of up to 500).
    func searchUsernames(_ criteria: [String: Any]? = nil, filter: [String: Any]? = nil) async -> [String] {
        var names: [String] = []
        var token: String?
        repeat {
            var body: [String: Any] = ["MaxResults": 500]
            if let criteria { body["SearchCriteria"] = criteria }
            if let filter { body["SearchFilter"] = filter }
            if let token { body["NextToken"] = token }
            let reply = await search(body)
            let users = reply.json["Users"] as? [[String: Any]] ?? []
            names += users.compactMap { $0["Username"] as? String }
            token = reply.json["NextToken"] as? String
        } while token != nil
        return names
    }
}

extension String {
    /// Percent-encodes for a path segment or query value, as AWS SDKs do.
    var uriEncoded: String { AWSURIEncoding.label(self) }
}

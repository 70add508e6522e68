import AWSCore
import ConnectClient
import Synchronization
import TestSupport
import Testing

/// `ConnectOperation` is the one list of operations the client sends (what API_RATES and the
/// quotas are checked against): every `ConnectAPI` method is driven once, and the operations
/// its requests name must be exactly the list.
@Suite struct ConnectOperationTests {
    /// Records each request's operation and refuses it (400), so that no answer is needed.
    final class Refusing: HTTPTransport {
        private let seen = Mutex(Set<String>())
        var operations: Set<String> { seen.withLock { $0 } }

        func execute(_ request: TransportRequest) async throws -> TransportResponse {
            seen.withLock { _ = $0.insert(request.operation ?? "(none)") }
            return .connectError(400, "InvalidRequestException", "refused by the test")
        }
    }

    @Test func theClientSendsExactlyTheOperationsOfTheList() async throws {
        let wire = Refusing()
        let connect: any ConnectAPI = ConnectHTTPClient(client: try TestAWS.client(.connect, transport: wire, maxRetries: 0))
        await Self.driveEveryMethod(connect, instance: "i")
        #expect(wire.operations == Set(ConnectOperation.allCases.map(\.rawValue)))
    }

    /// The local stack's router names each of the client's requests as the client does: its
    /// call log holds exactly the list (it models more operations than the product calls).
    @Test func theLocalStackRoutesEveryOperationOfTheListByItsName() async throws {
        let stack = try InProcessStack()
        await Self.driveEveryMethod(stack.connect, instance: InProcessStack.instanceID)
        #expect(Set(stack.calls("Connect").map(\.operation)) == Set(ConnectOperation.allCases.map(\.rawValue)))
    }

    static func driveEveryMethod(_ connect: any ConnectAPI, instance id: String) async {
        let user = "u"
        let proficiency = [ConnectUserProficiency(attributeName: "Language", attributeValue: "English", level: 3)]
        let calls: [@Sendable () async throws -> Void] = [
            { _ = try await connect.describeInstance(id) },
            { _ = try await connect.listSecurityProfiles(id) },
            { _ = try await connect.listRoutingProfiles(id) },
            { _ = try await connect.searchUserHierarchyGroups(id) },
            { _ = try await connect.createUser(id, ConnectNewUser(username: "new", phoneConfig: ConnectPhoneConfig(phoneType: .softPhone),
                securityProfileIDs: ["s"], routingProfileID: "r")) },
            { _ = try await connect.searchUsers(id, usernames: ["a"]) },
            { _ = try await connect.searchUsers(id) },
            { _ = try await connect.describeUser(id, userID: user) },
            { _ = try await connect.listUsers(id) },
            { try await connect.updateUserIdentityInfo(id, userID: user, ConnectIdentityInfo(firstName: "A")) },
            { try await connect.updateUserRoutingProfile(id, userID: user, routingProfileID: "r") },
            { try await connect.updateUserSecurityProfiles(id, userID: user, securityProfileIDs: ["s"]) },
            { try await connect.updateUserHierarchy(id, userID: user, hierarchyGroupID: nil) },
            { try await connect.updateUserConfig(id, userID: user, [.chat: ConnectChannelConfig(autoAccept: true)]) },
            { try await connect.tagResource(arn: "arn:aws:connect:us-east-1:123456789012:instance/i/agent/u", tags: ["a": "b"]) },
            { try await connect.untagResource(arn: "arn:aws:connect:us-east-1:123456789012:instance/i/agent/u", keys: ["a"]) },
            { _ = try await connect.listUserProficiencies(id, userID: user) },
            { try await connect.associateUserProficiencies(id, userID: user, proficiency) },
            { try await connect.disassociateUserProficiencies(id, userID: user, proficiency) },
            { try await connect.updateUserProficiencies(id, userID: user, proficiency) },
            { _ = try await connect.searchPredefinedAttributes(id) },
            { try await connect.deleteUser(id, userID: user) },
            { _ = try await connect.searchQuickConnects(id) },
            { try await connect.deleteQuickConnect(id, quickConnectID: "q") },
        ]
        for call in calls { _ = try? await call() }
    }
}

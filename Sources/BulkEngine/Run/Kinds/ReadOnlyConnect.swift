import ConnectClient

/// The Connect API with its reads only: every mutating operation throws `Refused` before
/// anything is sent. What a plan job's kind is given, so "a plan makes no mutating call" holds
/// by construction, not by care.
struct ReadOnlyConnect: ConnectAPI {
    let base: any ConnectAPI

    init(_ base: any ConnectAPI) { self.base = base }

    /// A mutating call asked of a plan: a bug, said as one.
    struct Refused: Error, CustomStringConvertible {
        let operation: String
        var description: String { "\(operation) is a change, and a plan makes none (this is a bug in the plan of this kind of job)" }
    }

    // Reads.

    func describeInstance(_ instanceID: String) async throws -> ConnectInstance {
        try await base.describeInstance(instanceID)
    }

    func listSecurityProfiles(_ instanceID: String) async throws -> [ConnectNamedResource] {
        try await base.listSecurityProfiles(instanceID)
    }

    func listRoutingProfiles(_ instanceID: String) async throws -> [ConnectNamedResource] {
        try await base.listRoutingProfiles(instanceID)
    }

    func searchUserHierarchyGroups(_ instanceID: String) async throws -> [ConnectHierarchyGroup] {
        try await base.searchUserHierarchyGroups(instanceID)
    }

    func searchUsers(_ instanceID: String, usernames: [String]) async throws -> [ConnectUser] {
        try await base.searchUsers(instanceID, usernames: usernames)
    }

    func searchUsers(_ instanceID: String) async throws -> [ConnectUser] {
        try await base.searchUsers(instanceID)
    }

    func describeUser(_ instanceID: String, userID: String) async throws -> ConnectUser {
        try await base.describeUser(instanceID, userID: userID)
    }

    func listUsers(_ instanceID: String) async throws -> [ConnectUserSummary] {
        try await base.listUsers(instanceID)
    }

    func listUserProficiencies(_ instanceID: String, userID: String) async throws -> [ConnectUserProficiency] {
        try await base.listUserProficiencies(instanceID, userID: userID)
    }

    func searchPredefinedAttributes(_ instanceID: String) async throws -> [ConnectPredefinedAttribute] {
        try await base.searchPredefinedAttributes(instanceID)
    }

    func searchQuickConnects(_ instanceID: String) async throws -> [ConnectQuickConnect] {
        try await base.searchQuickConnects(instanceID)
    }

    // Changes: refused.

    func deleteUser(_ instanceID: String, userID: String) async throws {
        throw Refused(operation: "DeleteUser")
    }

    func deleteQuickConnect(_ instanceID: String, quickConnectID: String) async throws {
        throw Refused(operation: "DeleteQuickConnect")
    }

    func createUser(_ instanceID: String, _ user: ConnectNewUser) async throws -> ConnectCreatedUser {
        throw Refused(operation: "CreateUser")
    }

    func updateUserIdentityInfo(_ instanceID: String, userID: String, _ identity: ConnectIdentityInfo) async throws {
        throw Refused(operation: "UpdateUserIdentityInfo")
    }

    func updateUserPhoneConfig(_ instanceID: String, userID: String, _ phone: ConnectPhoneConfig) async throws {
        throw Refused(operation: "UpdateUserPhoneConfig")
    }

    func updateUserRoutingProfile(_ instanceID: String, userID: String, routingProfileID: String) async throws {
        throw Refused(operation: "UpdateUserRoutingProfile")
    }

    func updateUserSecurityProfiles(_ instanceID: String, userID: String, securityProfileIDs: [String]) async throws {
        throw Refused(operation: "UpdateUserSecurityProfiles")
    }

    func updateUserHierarchy(_ instanceID: String, userID: String, hierarchyGroupID: String?) async throws {
        throw Refused(operation: "UpdateUserHierarchy")
    }

    func updateUserConfig(_ instanceID: String, userID: String, _ channels: ConnectChannelConfigs) async throws {
        throw Refused(operation: "UpdateUserConfig")
    }

    func tagResource(arn: String, tags: [String: String]) async throws {
        throw Refused(operation: "TagResource")
    }

    func untagResource(arn: String, keys: [String]) async throws {
        throw Refused(operation: "UntagResource")
    }

    func associateUserProficiencies(_ instanceID: String, userID: String, _ proficiencies: [ConnectUserProficiency]) async throws {
        throw Refused(operation: "AssociateUserProficiencies")
    }

    func disassociateUserProficiencies(_ instanceID: String, userID: String, _ proficiencies: [ConnectUserProficiency]) async throws {
        throw Refused(operation: "DisassociateUserProficiencies")
    }

    func updateUserProficiencies(_ instanceID: String, userID: String, _ proficiencies: [ConnectUserProficiency]) async throws {
        throw Refused(operation: "UpdateUserProficiencies")
    }
}

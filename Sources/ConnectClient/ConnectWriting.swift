/// The operations that change the instance.
package protocol ConnectWriting: Sendable {
    func createUser(_ instanceID: String, _ user: ConnectNewUser) async throws -> ConnectCreatedUser
    func updateUserIdentityInfo(_ instanceID: String, userID: String, _ identity: ConnectIdentityInfo) async throws
    func updateUserRoutingProfile(_ instanceID: String, userID: String, routingProfileID: String) async throws
    func updateUserSecurityProfiles(_ instanceID: String, userID: String, securityProfileIDs: [String]) async throws
    /// `nil` removes the user from its hierarchy group.
    func updateUserHierarchy(_ instanceID: String, userID: String, hierarchyGroupID: String?) async throws
    /// UpdateUserConfig with the per-channel lists for these channels only: channels (and
    /// lists within a channel) it does not carry stay as they are.
    func updateUserConfig(_ instanceID: String, userID: String, _ channels: ConnectChannelConfigs) async throws
    /// Adds or replaces these tags (TagResource, at most 50 a call: batched).
    func tagResource(arn: String, tags: [String: String]) async throws
    /// Removes these tag keys (UntagResource, at most 50 a call: batched).
    func untagResource(arn: String, keys: [String]) async throws
    func associateUserProficiencies(_ instanceID: String, userID: String, _ proficiencies: [ConnectUserProficiency]) async throws
    /// Only the names and values count (`UserProficiencyDisassociate`).
    func disassociateUserProficiencies(_ instanceID: String, userID: String, _ proficiencies: [ConnectUserProficiency]) async throws
    /// The levels of proficiencies already associated with the user.
    func updateUserProficiencies(_ instanceID: String, userID: String, _ proficiencies: [ConnectUserProficiency]) async throws
    /// DeleteUser. It leaves the user's quick connects in place (AWS asks callers to delete
    /// them with DeleteQuickConnect).
    func deleteUser(_ instanceID: String, userID: String) async throws
    func deleteQuickConnect(_ instanceID: String, quickConnectID: String) async throws
}

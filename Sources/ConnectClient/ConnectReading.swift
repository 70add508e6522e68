/// The operations that read and change nothing: what a plan and an export are given, so that
/// a plan that calls a change does not compile.
package protocol ConnectReading: Sendable {
    func describeInstance(_ instanceID: String) async throws -> ConnectInstance
    /// Every security profile, paged at the largest page size the API allows.
    func listSecurityProfiles(_ instanceID: String) async throws -> [ConnectNamedResource]
    /// Every routing profile, paged at the largest page size the API allows.
    func listRoutingProfiles(_ instanceID: String) async throws -> [ConnectNamedResource]
    /// Every hierarchy group with its whole path, paged at the largest page size the API allows.
    func searchUserHierarchyGroups(_ instanceID: String) async throws -> [ConnectHierarchyGroup]
    /// The users with these usernames (exact match), in as few SearchUsers pages as the API
    /// allows. PhoneConfig's `AfterContactWorkTimeLimit` is converted to seconds (AWS: it "is
    /// returned in milliseconds"); the per-channel ACW values are kept as reported, in
    /// `reportedAfterContactWork`, since their unit is documented nowhere. Users missing from
    /// the result may still exist (the index lags writes).
    func searchUsers(_ instanceID: String, usernames: [String]) async throws -> [ConnectUser]
    /// Every user of the instance (SearchUsers without criteria), 500 a page, in the order the
    /// service pages them, each once; ACW as above. What an export lists.
    func searchUsers(_ instanceID: String) async throws -> [ConnectUser]
    func describeUser(_ instanceID: String, userID: String) async throws -> ConnectUser
    /// Every user's id and username, paged at the largest page size the API allows. Not an
    /// index: it shows users that SearchUsers has not caught up with yet.
    func listUsers(_ instanceID: String) async throws -> [ConnectUserSummary]
    /// Every page, at the largest page size the API allows.
    func listUserProficiencies(_ instanceID: String, userID: String) async throws -> [ConnectUserProficiency]
    /// Every predefined attribute of the instance with its values, every page.
    func searchPredefinedAttributes(_ instanceID: String) async throws -> [ConnectPredefinedAttribute]
    /// Every quick connect of the instance with its configuration (SearchQuickConnects, every
    /// page at the largest size): the one read that says which user a USER quick connect points
    /// at (ListQuickConnects gives no configuration).
    func searchQuickConnects(_ instanceID: String) async throws -> [ConnectQuickConnect]
}

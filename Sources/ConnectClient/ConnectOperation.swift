/// Every Amazon Connect operation this product sends, as the service model names it: the one
/// list that the lanes' quotas (Service Quotas names each API's rate after it) and `API_RATES`
/// are checked against. `ConnectOperationTests` drives every `ConnectAPI` method and requires
/// the client to send exactly these.
package enum ConnectOperation: String, CaseIterable, Sendable, Codable, Comparable {
    case associateUserProficiencies = "AssociateUserProficiencies"
    case createUser = "CreateUser"
    case deleteQuickConnect = "DeleteQuickConnect"
    case deleteUser = "DeleteUser"
    case describeInstance = "DescribeInstance"
    case describeUser = "DescribeUser"
    case disassociateUserProficiencies = "DisassociateUserProficiencies"
    case listRoutingProfiles = "ListRoutingProfiles"
    case listSecurityProfiles = "ListSecurityProfiles"
    case listUserProficiencies = "ListUserProficiencies"
    case listUsers = "ListUsers"
    case searchPredefinedAttributes = "SearchPredefinedAttributes"
    case searchQuickConnects = "SearchQuickConnects"
    case searchUserHierarchyGroups = "SearchUserHierarchyGroups"
    case searchUsers = "SearchUsers"
    case tagResource = "TagResource"
    case untagResource = "UntagResource"
    case updateUserConfig = "UpdateUserConfig"
    case updateUserHierarchy = "UpdateUserHierarchy"
    case updateUserIdentityInfo = "UpdateUserIdentityInfo"
    case updateUserProficiencies = "UpdateUserProficiencies"
    case updateUserRoutingProfile = "UpdateUserRoutingProfile"
    case updateUserSecurityProfiles = "UpdateUserSecurityProfiles"

    package static func < (lhs: ConnectOperation, rhs: ConnectOperation) -> Bool { lhs.rawValue < rhs.rawValue }
}

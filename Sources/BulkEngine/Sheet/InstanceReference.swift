import ConnectClient

/// What rows are checked against: the instance's identity management and its names, read once
/// per file.
public struct InstanceReference: Sendable {
    /// `CONNECT_MANAGED`, `SAML` or `EXISTING_DIRECTORY`.
    public var identityManagementType: ConnectIdentityManagementType
    public var securityProfiles: [ConnectNamedResource]
    public var routingProfiles: [ConnectNamedResource]
    public var hierarchyGroups: [ConnectHierarchyGroup]
    /// The instance's predefined attributes and their values (read only when a row has a
    /// proficiencies cell).
    public var predefinedAttributes: [String: [String]]

    public init(identityManagementType: ConnectIdentityManagementType, securityProfiles: [ConnectNamedResource],
                routingProfiles: [ConnectNamedResource], hierarchyGroups: [ConnectHierarchyGroup],
                predefinedAttributes: [String: [String]] = [:]) {
        self.identityManagementType = identityManagementType
        self.securityProfiles = securityProfiles
        self.routingProfiles = routingProfiles
        self.hierarchyGroups = hierarchyGroups
        self.predefinedAttributes = predefinedAttributes
    }
}

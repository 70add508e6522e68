import ConnectClient

/// What rows are checked against: the instance's identity management and its names, read once
/// per file.
package struct InstanceReference: Sendable {
    /// `CONNECT_MANAGED`, `SAML` or `EXISTING_DIRECTORY`.
    package var identityManagementType: ConnectIdentityManagementType
    package var securityProfiles: [ConnectNamedResource]
    package var routingProfiles: [ConnectNamedResource]
    package var hierarchyGroups: [ConnectHierarchyGroup]
    /// The instance's predefined attributes and their values (read only when a row has a
    /// proficiencies cell).
    package var predefinedAttributes: [String: [String]]

    package init(identityManagementType: ConnectIdentityManagementType, securityProfiles: [ConnectNamedResource],
                routingProfiles: [ConnectNamedResource], hierarchyGroups: [ConnectHierarchyGroup],
                predefinedAttributes: [String: [String]] = [:]) {
        self.identityManagementType = identityManagementType
        self.securityProfiles = securityProfiles
        self.routingProfiles = routingProfiles
        self.hierarchyGroups = hierarchyGroups
        self.predefinedAttributes = predefinedAttributes
    }
}

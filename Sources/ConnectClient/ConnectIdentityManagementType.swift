/// How an instance manages its users' identities (the model's `DirectoryType`).
package enum ConnectIdentityManagementType: String, Sendable, Equatable, CaseIterable, Codable {
    case connectManaged = "CONNECT_MANAGED"
    case saml = "SAML"
    case existingDirectory = "EXISTING_DIRECTORY"

    /// A value the model does not list is read as an existing directory, the most cautious of
    /// the three (names optional, no password sent).
    package init(reading text: String) {
        self = Self(rawValue: text.uppercased()) ?? .existingDirectory
    }
}

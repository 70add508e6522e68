import ConnectClient

/// How the instance manages identities, as the sheet's rules see it (the client's type).
typealias IdentityManagement = ConnectIdentityManagementType

extension ConnectIdentityManagementType {
    /// In a reason's words.
    var words: String {
        switch self {
        case .connectManaged: "an instance that stores users in Amazon Connect"
        case .saml: "an instance that uses SAML single sign-on"
        case .existingDirectory: "an instance that uses an existing directory"
        }
    }
}

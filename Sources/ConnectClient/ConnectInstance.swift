package struct ConnectInstance: Sendable, Equatable {
    package var id: String
    package var arn: String
    package var identityManagementType: ConnectIdentityManagementType
    package var alias: String?

    package init(id: String, arn: String, identityManagementType: ConnectIdentityManagementType, alias: String? = nil) {
        self.id = id
        self.arn = arn
        self.identityManagementType = identityManagementType
        self.alias = alias
    }
}

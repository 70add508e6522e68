/// `UserIdentityInfo`. UpdateUserIdentityInfo sets the whole of it, so an update sends every
/// member it read (DescribeUser), changed or not.
package struct ConnectIdentityInfo: Sendable, Equatable, Codable {
    package var firstName: String?
    package var lastName: String?
    package var email: String?
    package var secondaryEmail: String?
    package var mobile: String?

    package init(firstName: String? = nil, lastName: String? = nil, email: String? = nil,
                secondaryEmail: String? = nil, mobile: String? = nil) {
        self.firstName = firstName
        self.lastName = lastName
        self.email = email
        self.secondaryEmail = secondaryEmail
        self.mobile = mobile
    }
}

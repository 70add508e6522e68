package struct ConnectPhoneConfig: Sendable, Equatable, Codable {
    package enum PhoneType: String, Sendable, Equatable, Codable {
        case softPhone = "SOFT_PHONE"
        case deskPhone = "DESK_PHONE"
    }

    package var phoneType: PhoneType
    package var autoAccept: Bool
    /// Seconds.
    package var afterContactWorkTimeLimit: Int
    package var deskPhoneNumber: String?

    package init(phoneType: PhoneType, autoAccept: Bool = false, afterContactWorkTimeLimit: Int = 0, deskPhoneNumber: String? = nil) {
        self.phoneType = phoneType
        self.autoAccept = autoAccept
        self.afterContactWorkTimeLimit = afterContactWorkTimeLimit
        self.deskPhoneNumber = deskPhoneNumber
    }
}

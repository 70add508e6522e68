import ConnectClient

/// A setting of a user that an update changes with one API (or, for tags and proficiencies,
/// a few); its description is the report's word for it.
package enum UserSetting: String, Sendable, CaseIterable, CustomStringConvertible {
    case identity = "names and email"
    case channels = "phone settings"
    case routingProfile = "routing profile"
    case securityProfiles = "security profiles"
    case hierarchy
    case tags
    case proficiencies

    package var description: String { rawValue }
}

/// The template's columns: the Amazon Connect console's bulk-import template plus
/// `UserHierarchy`. Raw values are the console template's header text exactly, so a written
/// file matches what managers already have.
public enum AgentColumn: String, CaseIterable, Sendable {
    case firstName = "first name"
    case lastName = "last name"
    case email = "email address"
    case password = "password"
    case userLogin = "user login"
    case routingProfile = "routing profile name"
    case securityProfiles = "security_profile_name_1|security_profile_name_2"
    case phoneType = "phone type (soft/desk)"
    case phoneNumber = "phone number"
    case autoAccept = "soft phone auto accept (yes/no)"
    case acwTimeout = "ACW timeout (seconds)"
    case hierarchy = "UserHierarchy"

    /// The words messages use for the column: "security profile 'Agnet' not found".
    public var label: String {
        switch self {
        case .firstName: "first name"
        case .lastName: "last name"
        case .email: "email address"
        case .password: "password"
        case .userLogin: "user login"
        case .routingProfile: "routing profile"
        case .securityProfiles: "security profile"
        case .phoneType: "phone type"
        case .phoneNumber: "phone number"
        case .autoAccept: "auto accept"
        case .acwTimeout: "ACW timeout"
        case .hierarchy: "hierarchy"
        }
    }

    /// The position in `allCases`, for the per-sheet column table.
    var ordinal: Int {
        switch self {
        case .firstName: 0
        case .lastName: 1
        case .email: 2
        case .password: 3
        case .userLogin: 4
        case .routingProfile: 5
        case .securityProfiles: 6
        case .phoneType: 7
        case .phoneNumber: 8
        case .autoAccept: 9
        case .acwTimeout: 10
        case .hierarchy: 11
        }
    }

    /// The column a header cell names, however it is spelled: case, white space (around,
    /// inside) and a byte-order mark do not matter.
    public init?(header: String) {
        let key = Self.matchKey(header)
        guard let column = Self.byKey[key] else { return nil }
        self = column
    }

    static let byKey: [String: AgentColumn] = Dictionary(uniqueKeysWithValues: allCases.map { (matchKey($0.rawValue), $0) })

    /// The header of the failure file's reason column; a header cell that matches it is
    /// ignored on input and replaced on output.
    static let errorHeader = "error"

    static func matchKey(_ header: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in header.unicodeScalars where !SheetText.isSpace(scalar) {
            scalars.append(scalar)
        }
        return String(scalars).lowercased()
    }
}

/// The template's columns: the Amazon Connect console's bulk-import template, then the
/// columns for what it lacks (per channel, tags, proficiencies, directory user id). Raw values
/// are the header text exactly (the console's for its columns), so a written file matches what
/// managers already have; `allCases` is the template's column order, the console's 2019
/// template (`consoleTemplate`) first.
package enum AgentColumn: String, CaseIterable, Sendable {
    case firstName = "first name"
    case lastName = "last name"
    case email = "email address"
    case password = "password"
    case userLogin = "user login"
    case routingProfile = "routing profile name"
    case securityProfiles = "security_profile_name_1|security_profile_name_2"
    case phoneType = "phone type (soft/desk)"
    case phoneNumber = "phone number"
    /// Voice's auto accept (the console template's meaning).
    case autoAccept = "soft phone auto accept (yes/no)"
    /// Every channel that the row gives no ACW cell of its own.
    case acwTimeout = "ACW timeout (seconds)"
    /// Also read under `agent hierarchy`.
    case hierarchy = "UserHierarchy"
    case secondaryEmail = "secondary email address"
    case mobile = "mobile"
    case tags = "tags"
    case voiceACW = "voice ACW timeout (seconds)"
    case chatAutoAccept = "chat auto accept (yes/no)"
    case taskAutoAccept = "task auto accept (yes/no)"
    case emailAutoAccept = "email auto accept (yes/no)"
    case chatACW = "chat ACW timeout (seconds)"
    case taskACW = "task ACW timeout (seconds)"
    case emailACW = "email ACW timeout (seconds)"
    case callbackAutoAccept = "callback auto accept (yes/no)"
    case callbackACW = "callback ACW timeout (seconds)"
    case persistentConnection = "persistent connection (yes/no)"
    case voiceEnhancement = "voice enhancement"
    case proficiencies = "proficiencies"
    case directoryUserID = "directory user id"

    /// The console's 2019 bulk-import template, in its order: the first twelve of `allCases`.
    package static let consoleTemplate: [AgentColumn] = Array(allCases.prefix(12))

    /// The words messages use for the column: "security profile 'Agnet' not found".
    package var label: String {
        switch self {
        case .firstName: "first name"
        case .lastName: "last name"
        case .email: "email address"
        case .secondaryEmail: "secondary email address"
        case .mobile: "mobile"
        case .password: "password"
        case .userLogin: "user login"
        case .routingProfile: "routing profile"
        case .securityProfiles: "security profile"
        case .phoneType: "phone type"
        case .phoneNumber: "phone number"
        case .autoAccept: "auto accept"
        case .acwTimeout: "ACW timeout"
        case .hierarchy: "hierarchy"
        case .tags: "tags"
        case .voiceACW: "voice ACW timeout"
        case .chatAutoAccept: "chat auto accept"
        case .taskAutoAccept: "task auto accept"
        case .emailAutoAccept: "email auto accept"
        case .chatACW: "chat ACW timeout"
        case .taskACW: "task ACW timeout"
        case .emailACW: "email ACW timeout"
        case .callbackAutoAccept: "callback auto accept"
        case .callbackACW: "callback ACW timeout"
        case .persistentConnection: "persistent connection"
        case .voiceEnhancement: "voice enhancement"
        case .proficiencies: "proficiencies"
        case .directoryUserID: "directory user id"
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
        case .secondaryEmail: 12
        case .mobile: 13
        case .tags: 14
        case .voiceACW: 15
        case .chatAutoAccept: 16
        case .taskAutoAccept: 17
        case .emailAutoAccept: 18
        case .chatACW: 19
        case .taskACW: 20
        case .emailACW: 21
        case .callbackAutoAccept: 22
        case .callbackACW: 23
        case .persistentConnection: 24
        case .voiceEnhancement: 25
        case .proficiencies: 26
        case .directoryUserID: 27
        }
    }

    /// Other spellings of a column's header (the console's newer templates).
    static let aliases: [String: AgentColumn] = ["agent hierarchy": .hierarchy]

    /// The column a header cell names, however it is spelled: case, white space (around,
    /// inside) and a byte-order mark do not matter.
    package init?(header: String) {
        let key = Self.matchKey(header)
        guard let column = Self.byKey[key] else { return nil }
        self = column
    }

    static let byKey: [String: AgentColumn] = Dictionary(uniqueKeysWithValues: allCases.map { (matchKey($0.rawValue), $0) }
        + aliases.map { (matchKey($0.key), $0.value) })

    /// The header of the failure file's reason column; a header cell that matches it is
    /// ignored on input and replaced on output.
    static let errorHeader = "error"
    /// The column a plan file adds: what the real run would do with the row.
    static let planHeader = "plan"

    static func matchKey(_ header: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in header.unicodeScalars where !SheetText.isSpace(scalar) {
            scalars.append(scalar)
        }
        return String(scalars).lowercased()
    }
}

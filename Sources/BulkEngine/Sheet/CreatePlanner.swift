import ConnectClient

/// Checks every row of a create file against the template's rules and the instance's names,
/// before any call: a row that passes becomes one CreateUser request carrying everything, a
/// row that does not becomes a `RowProblem` listing all that is wrong with it.
///
/// Limits follow AWS's service model (botocore `connect/2017-08-08`): first name up to 255
/// characters, last name up to 300, user login 1 to 100 (no pattern in the model), password
/// `^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)[a-zA-Z\d\S]{8,64}$`, desk phone `\+[1-9]\d{1,14}$`,
/// 1 to 10 security profiles, after-contact work 0 to 2,000,000 seconds (documented maximum).
/// Lengths count UTF-16 code units, as the service does.
///
/// Defaults for empty cells: phone type soft phone, auto accept no, ACW timeout 0, no
/// hierarchy group.
public enum CreatePlanner {
    public static func plan(_ sheet: AgentSheet, reference: InstanceReference) -> [PlannedRow] {
        var checker = RowChecker(reference: reference)
        var linesByLogin: [String: [Int]] = [:]
        for row in sheet.rows where !row.userLogin.isEmpty {
            linesByLogin[row.userLogin, default: []].append(row.line)
        }
        return sheet.rows.map { row in
            let others = (linesByLogin[row.userLogin] ?? []).filter { $0 != row.line }
            return PlannedRow(row: row, outcome: checker.check(row, duplicateLines: others))
        }
    }
}

/// The identity management type, as the rules need it.
enum IdentityManagement {
    case connectManaged, saml, existingDirectory

    /// Anything unknown is treated as an existing directory: names optional, no password.
    init(_ type: String) {
        switch type.uppercased() {
        case "CONNECT_MANAGED": self = .connectManaged
        case "SAML": self = .saml
        default: self = .existingDirectory
        }
    }

    var words: String {
        switch self {
        case .connectManaged: "an instance that stores users in Amazon Connect"
        case .saml: "an instance that uses SAML single sign-on"
        case .existingDirectory: "an instance that uses an existing directory"
        }
    }
}

/// The field rules, shared by create (and later update).
enum FieldRules {
    static let maxFirstName = 255
    static let maxLastName = 300
    static let userLogin = 1 ... 100
    static let password = 8 ... 64
    static let maxSecurityProfiles = 10
    static let acwTimeout = 0 ... 2_000_000
    static let phoneExample = "+12145550198"

    /// What the password lacks, in words, or nil when it satisfies the model's pattern. Never
    /// returns any part of the password.
    static func passwordShortcomings(_ password: String) -> [String]? {
        var lower = false, upper = false, digit = false, space = false
        for scalar in password.unicodeScalars {
            switch scalar.value {
            case 0x61 ... 0x7A: lower = true
            case 0x41 ... 0x5A: upper = true
            case 0x30 ... 0x39: digit = true
            default: if SheetText.isSpace(scalar) { space = true }
            }
        }
        var missing: [String] = []
        let count = password.utf16.count
        if count < Self.password.lowerBound { missing.append("it is too short") }
        if count > Self.password.upperBound { missing.append("it is too long") }
        if !lower { missing.append("it has no lower-case letter") }
        if !upper { missing.append("it has no upper-case letter") }
        if !digit { missing.append("it has no digit") }
        if space { missing.append("it contains a space") }
        return missing.isEmpty ? nil : missing
    }

    /// A simple shape check, not RFC 5322: one `@`, something before it, a domain with a dot
    /// inside, no spaces, no list separators.
    static func isPlausibleEmail(_ email: String) -> Bool {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty else { return false }
        let domain = parts[1]
        guard domain.contains("."), !domain.hasPrefix("."), !domain.hasSuffix("."), !domain.contains("..") else { return false }
        return !email.unicodeScalars.contains { SheetText.isSpace($0) || $0 == "," || $0 == ";" || $0 == "<" || $0 == ">" }
    }

    /// The characters people put in phone numbers for reading (spaces, dashes, dots,
    /// parentheses), removed before the E.164 check: `+1 (214) 555-0198` is `+12145550198`.
    static func strippedPhoneNumber(_ cell: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in cell.unicodeScalars where !(SheetText.isSpace(scalar) || "-().".unicodeScalars.contains(scalar)) {
            scalars.append(scalar)
        }
        return String(scalars)
    }

    /// `+`, a digit from 1 to 9, then 1 to 14 digits: 2 to 15 digits in all.
    static func isE164(_ number: String) -> Bool {
        let bytes = Array(number.utf8)
        guard bytes.count >= 3, bytes.count <= 16, bytes[0] == UInt8(ascii: "+"),
              (UInt8(ascii: "1") ... UInt8(ascii: "9")).contains(bytes[1]) else { return false }
        return bytes.dropFirst(2).allSatisfy { (UInt8(ascii: "0") ... UInt8(ascii: "9")).contains($0) }
    }

    static func phoneType(_ cell: String) -> ConnectPhoneConfig.PhoneType? {
        switch cell.lowercased().replacingSpacesAndDashes() {
        case "soft", "soft_phone", "softphone": .softPhone
        case "desk", "desk_phone", "deskphone": .deskPhone
        default: nil
        }
    }

    static func yesNo(_ cell: String) -> Bool? {
        switch cell.lowercased() {
        case "yes", "y", "true", "1": true
        case "no", "n", "false", "0": false
        default: nil
        }
    }

    /// Digits only (no sign, no separators), within the range.
    static func acwTimeout(_ cell: String) -> Int? {
        guard !cell.isEmpty, cell.utf8.count <= 9, cell.utf8.allSatisfy({ (48 ... 57).contains($0) }),
              let value = Int(cell), acwTimeout.contains(value) else { return nil }
        return value
    }

    /// `L1 / L2/L3` → `["L1", "L2", "L3"]`.
    static func hierarchyPath(_ cell: String) -> [String] {
        cell.split(separator: "/", omittingEmptySubsequences: false).map { SheetText.trimmed(String($0)) }
    }

    static func isNoHierarchy(_ cell: String) -> Bool { cell.lowercased() == "(none)" }
}

private extension String {
    func replacingSpacesAndDashes() -> String {
        String(String.UnicodeScalarView(unicodeScalars.map { $0 == " " || $0 == "-" ? "_" : $0 }))
    }
}

/// Checks one row at a time; holds the name indexes (and their cached suggestions).
struct RowChecker {
    let identity: IdentityManagement
    var securityProfiles: NameIndex<ConnectNamedResource>
    var routingProfiles: NameIndex<ConnectNamedResource>
    var hierarchyGroups: NameIndex<ConnectHierarchyGroup>

    init(reference: InstanceReference) {
        identity = IdentityManagement(reference.identityManagementType)
        securityProfiles = NameIndex(reference.securityProfiles, name: \.name)
        routingProfiles = NameIndex(reference.routingProfiles, name: \.name)
        hierarchyGroups = NameIndex(reference.hierarchyGroups) { group in
            group.path.map { SheetText.trimmed($0) }.joined(separator: "/")
        }
    }

    mutating func check(_ row: AgentRow, duplicateLines: [Int]) -> Result<ConnectNewUser, RowProblem> {
        var problems: [RowProblem] = []
        func problem(_ column: AgentColumn?, _ message: String) {
            problems.append(RowProblem(column: column, message: message))
        }
        func missing(_ column: AgentColumn, _ why: String) {
            if row.has(column) {
                problem(column, "\(column.label) is empty: \(why)")
            } else {
                problem(column, "the file has no '\(column.rawValue)' column: \(why)")
            }
        }

        if row.extraCellCount > 0 {
            let width = row.record.fields.count - row.extraCellCount
            problem(nil, "the row has \(row.record.fields.count) cells but the header has \(width) columns: a value that contains a comma must be in double quotes")
        }

        // User login.
        let login = row.userLogin
        if login.isEmpty {
            missing(.userLogin, "every user needs a user login")
        } else {
            if login.utf16.count > FieldRules.userLogin.upperBound {
                problem(.userLogin, "user login '\(login)' is too long: \(login.utf16.count) characters, at most \(FieldRules.userLogin.upperBound)")
            }
            if !duplicateLines.isEmpty {
                let lines = duplicateLines.map(String.init).joined(separator: ", ")
                problem(.userLogin, "user login '\(login)' appears more than once in the file (also on line\(duplicateLines.count == 1 ? "" : "s") \(lines)): keep one row per user")
            }
        }

        // Names and email.
        let namesRequired = identity != .existingDirectory
        var names: [AgentColumn: String] = [:]
        for (column, limit) in [(AgentColumn.firstName, FieldRules.maxFirstName), (.lastName, FieldRules.maxLastName)] {
            if let value = row.cell(column) {
                let normalized = NFC.normalize(value)
                if normalized.utf16.count > limit {
                    problem(column, "\(column.label) '\(normalized)' is too long: \(normalized.utf16.count) characters, at most \(limit)")
                }
                names[column] = normalized
            } else if namesRequired {
                missing(column, "it is required for \(identity.words)")
            }
        }
        var email: String?
        if let value = row.cell(.email) {
            if identity == .saml {
                problem(.email, "email address '\(value)' must be left empty: Amazon Connect does not accept an email address for users of \(identity.words)")
            } else if !FieldRules.isPlausibleEmail(value) {
                problem(.email, "email address '\(value)' is not a valid email address, for example name@example.com")
            } else {
                email = NFC.normalize(value)
            }
        }

        // Password: its value never appears in a message.
        var password: String?
        switch (identity, row.cell(.password)) {
        case (.connectManaged, nil):
            missing(.password, "it is required for \(identity.words)")
        case (.connectManaged, let value?):
            if let shortcomings = FieldRules.passwordShortcomings(value) {
                problem(.password, "the password does not meet the rules (8 to 64 characters with at least one lower-case letter, one upper-case letter and one digit, no spaces): \(shortcomings.joined(separator: ", "))")
            } else {
                password = value
            }
        case (.saml, _?):
            problem(.password, "password must be left empty for \(identity.words): users sign in through the identity provider")
        case (.existingDirectory, _?):
            problem(.password, "password must be left empty for \(identity.words): users sign in with their directory password")
        case (_, nil):
            break
        }

        // Routing profile.
        var routingProfileID: String?
        if let name = row.cell(.routingProfile) {
            switch routingProfiles.match(name) {
            case .found(let profile): routingProfileID = profile.id
            case .notFound(let suggestion): problem(.routingProfile, Self.notFound("routing profile", name, suggestion))
            case .ambiguous(let names): problem(.routingProfile, Self.ambiguous("routing profile", name, names))
            }
        } else {
            missing(.routingProfile, "every user needs a routing profile")
        }

        // Security profiles.
        var securityProfileIDs: [String] = []
        if let cell = row.cell(.securityProfiles) {
            var seen = Set<String>()
            let typed = cell.split(separator: "|").map { SheetText.trimmed(String($0)) }.filter { !$0.isEmpty }
            for name in typed {
                switch securityProfiles.match(name) {
                case .found(let profile):
                    if seen.insert(profile.id).inserted { securityProfileIDs.append(profile.id) }
                case .notFound(let suggestion): problem(.securityProfiles, Self.notFound("security profile", name, suggestion))
                case .ambiguous(let names): problem(.securityProfiles, Self.ambiguous("security profile", name, names))
                }
            }
            if typed.isEmpty {
                missing(.securityProfiles, "every user needs 1 to \(FieldRules.maxSecurityProfiles) security profiles, separated by |")
            } else if Set(typed).count > FieldRules.maxSecurityProfiles {
                problem(.securityProfiles, "\(Set(typed).count) security profiles are listed, at most \(FieldRules.maxSecurityProfiles) are allowed")
            }
        } else {
            missing(.securityProfiles, "every user needs 1 to \(FieldRules.maxSecurityProfiles) security profiles, separated by |")
        }

        // Phone.
        var phoneType = ConnectPhoneConfig.PhoneType.softPhone
        if let cell = row.cell(.phoneType) {
            if let type = FieldRules.phoneType(cell) {
                phoneType = type
            } else {
                problem(.phoneType, "phone type '\(cell)' is not valid: use soft or desk")
            }
        }
        var deskPhoneNumber: String?
        if let cell = row.cell(.phoneNumber) {
            let number = FieldRules.strippedPhoneNumber(cell)
            if FieldRules.isE164(number) {
                deskPhoneNumber = number
            } else {
                var message = "phone number '\(cell)' is not in E.164 form, for example \(FieldRules.phoneExample)"
                if !number.isEmpty, number.utf8.allSatisfy({ (48 ... 57).contains($0) }) {
                    message += " (it must start with + and the country code; Excel drops the + when it takes the cell for a number)"
                } else if number.uppercased().contains("E+") {
                    message += " (Excel turned it into a number: format the column as text)"
                }
                problem(.phoneNumber, message)
            }
        } else if phoneType == .deskPhone {
            missing(.phoneNumber, "a desk phone needs a number, for example \(FieldRules.phoneExample)")
        }
        var autoAccept = false
        if let cell = row.cell(.autoAccept) {
            if let value = FieldRules.yesNo(cell) {
                autoAccept = value
            } else {
                problem(.autoAccept, "auto accept '\(cell)' is not valid: use yes or no")
            }
        }
        var acw = 0
        if let cell = row.cell(.acwTimeout) {
            if let value = FieldRules.acwTimeout(cell) {
                acw = value
            } else {
                problem(.acwTimeout, "ACW timeout '\(cell)' is not valid: use a whole number of seconds from 0 to 2000000")
            }
        }

        // Hierarchy.
        var hierarchyGroupID: String?
        if let cell = row.cell(.hierarchy), !FieldRules.isNoHierarchy(cell) {
            let path = FieldRules.hierarchyPath(cell).joined(separator: "/")
            switch hierarchyGroups.match(path) {
            case .found(let group): hierarchyGroupID = group.id
            case .notFound(let suggestion): problem(.hierarchy, Self.notFound("hierarchy", path, suggestion))
            case .ambiguous(let names): problem(.hierarchy, Self.ambiguous("hierarchy", path, names))
            }
        }

        if !problems.isEmpty { return .failure(.combined(problems)) }
        let identityInfo: ConnectIdentityInfo? = names.isEmpty && email == nil
            ? nil
            : ConnectIdentityInfo(firstName: names[.firstName], lastName: names[.lastName], email: email)
        return .success(ConnectNewUser(
            username: login, password: password, identityInfo: identityInfo,
            phoneConfig: ConnectPhoneConfig(phoneType: phoneType, autoAccept: autoAccept,
                                            afterContactWorkTimeLimit: acw, deskPhoneNumber: deskPhoneNumber),
            securityProfileIDs: securityProfileIDs, routingProfileID: routingProfileID ?? "",
            hierarchyGroupID: hierarchyGroupID))
    }

    static func notFound(_ what: String, _ name: String, _ suggestion: String?) -> String {
        "\(what) '\(name)' not found" + (suggestion.map { " (did you mean '\($0)'?)" } ?? "")
    }

    static func ambiguous(_ what: String, _ name: String, _ names: [String]) -> String {
        "\(what) '\(name)' matches several names (\(names.map { "'\($0)'" }.joined(separator: ", "))): write it exactly as in Amazon Connect"
    }
}

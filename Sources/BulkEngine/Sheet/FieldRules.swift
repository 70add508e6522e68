import ConnectClient

/// The field rules, shared by create and update.
enum FieldRules {
    static let maxFirstName = 255
    static let maxLastName = 300
    static let maxEmail = 254
    static let userLogin = 1 ... 100
    /// The most a user login may have on an instance not using SAML (CreateUser's
    /// documentation: "For instances not using SAML for identity management, the user name can
    /// include up to 20 characters"; the model's 100 is SAML's).
    static let maxLoginWithoutSAML = 20
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

extension Result where Failure == RowProblem {
    /// The value, or nil with the problem added to `problems`.
    func value(into problems: inout [RowProblem]) -> Success? {
        switch self {
        case .success(let value): return value
        case .failure(let problem):
            problems.append(problem)
            return nil
        }
    }
}

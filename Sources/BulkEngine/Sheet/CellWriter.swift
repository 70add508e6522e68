import ConnectClient

/// The inverse of the cell parsers (`FieldRules`, `RowChecker`): the text that a cell of the
/// template holds for a value, so that what an export writes reads back, through the same
/// parsers, as the same value. Each writer names the parser it inverts.
///
/// The writers produce one spelling of each value (the parsers accept several): `yes`/`no`,
/// `soft`/`desk`, `noise suppression`, whole seconds, pairs and entries sorted, so that two
/// exports of the same instance are the same bytes and a diff of two exports shows changes.
package enum CellWriter {
    /// `FieldRules.yesNo`.
    package static func yesNo(_ value: Bool) -> String { value ? "yes" : "no" }

    /// `FieldRules.acwTimeout`: whole seconds.
    package static func seconds(_ value: Int) -> String { String(value) }

    /// `FieldRules.phoneType`.
    package static func phoneType(_ type: ConnectPhoneConfig.PhoneType) -> String {
        switch type {
        case .softPhone: "soft"
        case .deskPhone: "desk"
        }
    }

    /// `FieldRules.voiceEnhancement`.
    package static func voiceEnhancement(_ mode: ConnectVoiceEnhancement) -> String {
        switch mode {
        case .none: "none"
        case .noiseSuppression: "noise suppression"
        case .voiceIsolation: "voice isolation"
        }
    }

    /// What `(none)` means in the hierarchy, tags and proficiencies cells.
    package static let none = "(none)"

    /// `RowChecker.parseTags`: `key=value` pairs separated by `|`, by key; `(none)` for no tag.
    /// A pair whose key begins with a formula character is not put first when another can be
    /// (the cell as a whole must not begin with one).
    package static func tags(_ tags: [String: String]) -> String {
        guard !tags.isEmpty else { return none }
        var pairs = tags.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        if SheetText.formulaLead(of: pairs[0]) != nil, let safe = pairs.firstIndex(where: { SheetText.formulaLead(of: $0) == nil }) {
            pairs.insert(pairs.remove(at: safe), at: 0)
        }
        return pairs.joined(separator: "|")
    }

    /// `RowChecker.resolveProficiencies`: `attribute:value:level` separated by `|`, sorted;
    /// `(none)` for none. A level is a whole number from 1 to 5 (the model's `ProficiencyLevel`
    /// is a float; a fraction has no cell form: nil).
    package static func proficiencies(_ proficiencies: [ConnectUserProficiency]) -> String? {
        guard !proficiencies.isEmpty else { return none }
        var entries: [String] = []
        for proficiency in proficiencies.sorted(by: { ($0.attributeName, $0.attributeValue) < ($1.attributeName, $1.attributeValue) }) {
            guard proficiency.level.rounded() == proficiency.level, let level = Int(exactly: proficiency.level) else { return nil }
            entries.append("\(proficiency.attributeName):\(proficiency.attributeValue):\(level)")
        }
        return entries.joined(separator: "|")
    }

    /// `RowChecker.resolveSecurityProfiles`: names separated by `|`, sorted (order does not
    /// matter to the API).
    package static func securityProfiles(_ names: [String]) -> String {
        names.sorted().joined(separator: "|")
    }

    /// `RowChecker.resolveHierarchy`: the whole path, levels separated by `/`; `(none)` for no
    /// group.
    package static func hierarchy(_ path: [String]?) -> String {
        guard let path else { return none }
        return path.joined(separator: "/")
    }

    /// Whether a spreadsheet would run the cell, or the template refuses it as unsafe
    /// (`RowChecker.unsafeCellProblems`, `formulaProblem`): a formula character at its start or
    /// a control character anywhere. Phone numbers are E.164 (`+` then digits): a number, not
    /// a formula.
    package static func isUnsafe(_ value: String, column: AgentColumn) -> Bool {
        if SheetText.firstControl(in: value) != nil { return true }
        if column == .phoneNumber || column == .mobile { return false }
        return SheetText.formulaLead(of: SheetText.trimmed(value)) != nil || SheetText.formulaLead(of: value) != nil
    }
}

/// The cells of the columns the console template lacks (per channel, tags, proficiencies,
/// directory user id) and the console's newer identity columns, shared by create and update.
///
/// Limits follow AWS's service model (botocore `connect/2017-08-08`): a tag key 1 to 128
/// characters not starting with `aws:`, a value up to 256, both of letters, digits, spaces and
/// `_ . : / = + - @` (`TagKey`, `TagValue`); at most 50 tags (`TagMap`); a proficiency level
/// from 1 to 5 (`ProficiencyLevel`); after-contact work 0 to 2,000,000 seconds.
extension FieldRules {
    static let maxTags = 50
    static let tagKey = 1 ... 128
    static let maxTagValue = 256
    static let proficiencyLevel = 1 ... 5

    /// A character the model's tag patterns allow: `[\p{L}\p{Z}\p{N}_.:/=+\-@]`.
    static func isTagCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .spaceSeparator, .lineSeparator, .paragraphSeparator,
             .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return "_.:/=+-@".unicodeScalars.contains(scalar)
        }
    }

    static func isNone(_ cell: String) -> Bool { cell.lowercased() == "(none)" }

    static func voiceEnhancement(_ cell: String) -> ChannelSettings.VoiceEnhancement? {
        let key = String(String.UnicodeScalarView(cell.lowercased().unicodeScalars.filter { !SheetText.isSpace($0) && $0 != "_" && $0 != "-" }))
        switch key {
        case "none": return ChannelSettings.VoiceEnhancement.none
        case "noisesuppression": return .noiseSuppression
        case "voiceisolation": return .voiceIsolation
        default: return nil
        }
    }
}

extension RowChecker {
    /// The per-channel columns' cells, as given (not the legacy columns: see
    /// `ChannelSettings.resolved`).
    static func channelCells(_ row: AgentRow, into problems: inout [RowProblem]) -> ChannelSettings {
        var settings = ChannelSettings()
        for (channel, column) in ChannelSettings.autoAcceptColumns {
            settings.autoAccept[channel] = row.cell(column).flatMap { parseYesNo($0, column).value(into: &problems) }
        }
        for (channel, column) in ChannelSettings.acwColumns {
            settings.afterContactWork[channel] = row.cell(column).flatMap { parseSeconds($0, column).value(into: &problems) }
        }
        settings.callbackAutoAccept = row.cell(.callbackAutoAccept).flatMap { parseYesNo($0, .callbackAutoAccept).value(into: &problems) }
        settings.callbackAfterContactWork = row.cell(.callbackACW).flatMap { parseSeconds($0, .callbackACW).value(into: &problems) }
        settings.persistentConnection = row.cell(.persistentConnection).flatMap { parseYesNo($0, .persistentConnection).value(into: &problems) }
        settings.voiceEnhancement = row.cell(.voiceEnhancement).flatMap { parseVoiceEnhancement($0).value(into: &problems) }
        return settings
    }

    static func parseYesNo(_ cell: String, _ column: AgentColumn) -> Result<Bool, RowProblem> {
        guard let value = FieldRules.yesNo(cell) else {
            return .failure(RowProblem(column: column, message: "\(column.label) \(SheetText.quoted(cell)) is not valid: use yes or no"))
        }
        return .success(value)
    }

    static func parseSeconds(_ cell: String, _ column: AgentColumn) -> Result<Int, RowProblem> {
        guard let value = FieldRules.acwTimeout(cell) else {
            return .failure(RowProblem(column: column, message: """
                \(column.label) \(SheetText.quoted(cell)) is not valid: use a whole number of seconds from 0 to 2000000
                """))
        }
        return .success(value)
    }

    static func parseVoiceEnhancement(_ cell: String) -> Result<ChannelSettings.VoiceEnhancement, RowProblem> {
        guard let value = FieldRules.voiceEnhancement(cell) else {
            return .failure(RowProblem(column: .voiceEnhancement, message: """
                voice enhancement \(SheetText.quoted(cell)) is not valid: use none, noise suppression or voice isolation
                """))
        }
        return .success(value)
    }

    /// A filled mobile cell: E.164, separators removed.
    static func parseMobile(_ cell: String) -> Result<String, RowProblem> {
        parsePhoneNumber(cell, column: .mobile)
    }

    /// A filled tags cell → the whole tag set: `key=value` pairs separated by `|`; `(none)` is
    /// the empty set. Every problem of the cell in one.
    static func parseTags(_ cell: String) -> Result<[String: String], RowProblem> {
        if FieldRules.isNone(cell) { return .success([:]) }
        if let problem = formulaProblem(cell, .tags) { return .failure(problem) }
        var problems: [RowProblem] = []
        func problem(_ kind: RowProblem.Kind, _ message: String) {
            problems.append(RowProblem(column: .tags, kind: kind, message: message))
        }
        var tags: [String: String] = [:]
        var count = 0
        for piece in cell.split(separator: "|", omittingEmptySubsequences: false) {
            let pair = SheetText.trimmed(String(piece))
            if pair.isEmpty { continue }
            count += 1
            guard let equals = pair.firstIndex(of: "=") else {
                problem(.notValid, "tag \(SheetText.quoted(pair)) has no '=': write each tag as key=value, separated by |")
                continue
            }
            let key = SheetText.trimmed(String(pair[..<equals]))
            let value = SheetText.trimmed(String(pair[pair.index(after: equals)...]))
            if key.isEmpty {
                problem(.empty, "tag \(SheetText.quoted(pair)) has an empty key: write each tag as key=value")
                continue
            }
            var fine = true
            if key.utf16.count > FieldRules.tagKey.upperBound {
                problem(.tooLong, """
                    tag key \(SheetText.quotedWithoutLength(key)) is too long: \(SheetText.grouped(key.utf16.count)) characters, at most \
                    \(FieldRules.tagKey.upperBound)
                    """)
                fine = false
            } else if key.lowercased().hasPrefix("aws:") {
                problem(.notValid, "tag key \(SheetText.quoted(key)) begins with 'aws:', which AWS keeps for its own tags")
                fine = false
            }
            if value.utf16.count > FieldRules.maxTagValue {
                problem(.tooLong, """
                    tag value \(SheetText.quotedWithoutLength(value)) of key \(SheetText.quoted(key)) is too long: \
                    \(SheetText.grouped(value.utf16.count)) characters, at most \(FieldRules.maxTagValue)
                    """)
                fine = false
            }
            for (what, text) in [("key", key), ("value", value)] {
                if let bad = text.unicodeScalars.first(where: { !FieldRules.isTagCharacter($0) }) {
                    problem(.notValid, """
                        tag \(what) \(SheetText.quoted(text)) contains \(SheetText.quoted(String(bad))), which a tag may not hold (letters, digits, \
                        spaces and _ . : / = + - @ only)
                        """)
                    fine = false
                }
            }
            if tags[key] != nil {
                problem(.duplicate, "tag key \(SheetText.quoted(key)) is given twice: give each key once")
                fine = false
            }
            if fine { tags[key] = value }
        }
        if count > FieldRules.maxTags {
            problem(.tooMany, "\(count) tags are listed, at most \(FieldRules.maxTags) are allowed")
        }
        if count == 0 {
            problem(.empty, """
                tags \(SheetText.quoted(cell)) names no tag: write key=value pairs separated by |, (none) for no tags, or leave the cell empty
                """)
        }
        return problems.isEmpty ? .success(tags) : .failure(.combined(problems))
    }

    /// A filled proficiencies cell → the whole set, in the instance's spelling:
    /// `attribute:value:level` separated by `|`; `(none)` is the empty set. The attribute and
    /// value must be a predefined attribute of the instance, the level 1 to 5.
    mutating func resolveProficiencies(_ cell: String) -> Result<[SheetProficiency], RowProblem> {
        if FieldRules.isNone(cell) { return .success([]) }
        if let problem = Self.formulaProblem(cell, .proficiencies) { return .failure(problem) }
        var problems: [RowProblem] = []
        func problem(_ kind: RowProblem.Kind, _ message: String) {
            problems.append(RowProblem(column: .proficiencies, kind: kind, message: message))
        }
        var result: [SheetProficiency] = []
        var seen: [String: Set<String>] = [:]
        for piece in cell.split(separator: "|", omittingEmptySubsequences: false) {
            let entry = SheetText.trimmed(String(piece))
            if entry.isEmpty { continue }
            let parts = entry.split(separator: ":", omittingEmptySubsequences: false).map { SheetText.trimmed(String($0)) }
            guard parts.count >= 3, !parts[0].isEmpty, !parts[parts.count - 1].isEmpty else {
                problem(.notValid, "proficiency \(SheetText.quoted(entry)) is not attribute:value:level, for example Language:English:5")
                continue
            }
            let typedAttribute = parts[0]
            let typedValue = parts[1 ..< parts.count - 1].joined(separator: ":")
            let typedLevel = parts[parts.count - 1]
            var entryFine = true
            let digitsOnly = typedLevel.utf8.allSatisfy { (48 ... 57).contains($0) }
            let level = Int(typedLevel).flatMap { FieldRules.proficiencyLevel.contains($0) && digitsOnly ? $0 : nil }
            if level == nil {
                problem(.notValid, """
                    proficiency level \(SheetText.quoted(typedLevel)) of \(SheetText.quoted(entry)) is not valid: use a whole number from 1 to 5
                    """)
                entryFine = false
            }
            var attribute: ResolvedAttribute?
            switch predefinedAttributes.match(typedAttribute) {
            case .found(let found): attribute = found
            case .notFound(let suggestion):
                problem(.notFound, Self.notFound("predefined attribute", typedAttribute, suggestion))
                entryFine = false
            case .ambiguous(let names):
                problem(.ambiguous, Self.ambiguous("predefined attribute", typedAttribute, names))
                entryFine = false
            }
            var value: String?
            if let attribute {
                var values = attributeValues[attribute.name] ?? NameIndex(attribute.values) { $0 }
                switch values.match(typedValue) {
                case .found(let found): value = found
                case .notFound(let suggestion):
                    problem(.notFound, """
                        value \(SheetText.quoted(typedValue)) of predefined attribute '\(attribute.name)' not found
                        """ + (suggestion.map { " (did you mean '\($0)'?)" } ?? ""))
                    entryFine = false
                case .ambiguous(let names):
                    problem(.ambiguous, Self.ambiguous("value of predefined attribute '\(attribute.name)'", typedValue, names))
                    entryFine = false
                }
                attributeValues[attribute.name] = values
            }
            guard entryFine, let attribute, let value, let level else { continue }
            if !seen[attribute.name, default: []].insert(value).inserted {
                problem(.duplicate, "proficiency '\(attribute.name):\(value)' is given twice: give each attribute value once, with one level")
                continue
            }
            result.append(SheetProficiency(attribute: attribute.name, value: value, level: level))
        }
        if result.isEmpty && problems.isEmpty {
            problem(.empty, """
                proficiencies \(SheetText.quoted(cell)) names no proficiency: write attribute:value:level separated by |, (none) for none, or leave \
                the cell empty
                """)
        }
        return problems.isEmpty ? .success(result) : .failure(.combined(problems))
    }

    /// A filled directory user id cell: only for an instance that uses an existing directory.
    func checkDirectoryUserID(_ cell: String) -> Result<String, RowProblem> {
        guard identity == .existingDirectory else {
            return .failure(RowProblem(column: .directoryUserID, kind: .mustBeEmpty, message: """
                directory user id \(SheetText.quoted(cell)) must be left empty: only an instance that uses an existing directory has directory \
                users, and this is \(identity.words)
                """))
        }
        if let problem = Self.formulaProblem(cell, .directoryUserID) { return .failure(problem) }
        return .success(cell)
    }
}

import ConnectClient

/// Checks one row at a time; holds the name indexes (and their cached suggestions). `check`
/// is create's rule set; the cell helpers below it are shared with update
/// (`UpdateRows`), so both say the same thing about the same cell.
struct RowChecker {
    let identity: IdentityManagement
    var securityProfiles: NameIndex<ConnectNamedResource>
    var routingProfiles: NameIndex<ConnectNamedResource>
    var hierarchyGroups: NameIndex<ConnectHierarchyGroup>
    var predefinedAttributes: NameIndex<ResolvedAttribute>
    /// Each attribute's values, indexed when a row first names the attribute.
    var attributeValues: [String: NameIndex<String>] = [:]

    init(reference: InstanceReference) {
        identity = reference.identityManagementType
        securityProfiles = NameIndex(reference.securityProfiles, name: \.name)
        routingProfiles = NameIndex(reference.routingProfiles, name: \.name)
        hierarchyGroups = NameIndex(reference.hierarchyGroups) { group in
            group.path.map { SheetText.trimmed($0) }.joined(separator: "/")
        }
        predefinedAttributes = NameIndex(reference.predefinedAttributes.keys.sorted().map {
            ResolvedAttribute(name: $0, values: reference.predefinedAttributes[$0] ?? [])
        }, name: \.name)
    }

    /// Create's rule set: the CreateUser request, and the settings it does not carry yet.
    mutating func check(_ row: AgentRow, duplicateLines: [Int]) -> Result<(user: ConnectNewUser, settings: CreateSettings), RowProblem> {
        var problems: [RowProblem] = []
        func missing(_ column: AgentColumn, _ why: String) {
            problems.append(Self.missing(column, in: row, why))
        }

        if let problem = Self.extraCellsProblem(row) { problems.append(problem) }
        problems += Self.unsafeCellProblems(row)

        // User login.
        let login = row.userLogin
        if login.isEmpty {
            missing(.userLogin, "every user needs a user login")
        } else {
            let loginProblems = Self.loginProblems(login, duplicateLines: duplicateLines)
            problems += loginProblems
            if identity != .saml, login.utf16.count > FieldRules.maxLoginWithoutSAML, !loginProblems.contains(where: { $0.facts.contains { $0.kind == .tooLong } }) {
                problems.append(RowProblem(column: .userLogin, kind: .tooLong,
                    message: "user login \(SheetText.quotedWithoutLength(login)) is too long: \(login.utf16.count) characters, at most \(FieldRules.maxLoginWithoutSAML) on \(identity.words) (100 only with SAML single sign-on)"))
            }
        }

        // Names and email.
        let namesRequired = identity != .existingDirectory
        var names: [AgentColumn: String] = [:]
        for column in [AgentColumn.firstName, .lastName] {
            if let value = row.cell(column) {
                let (normalized, problem) = Self.checkName(value, column)
                if let problem { problems.append(problem) }
                names[column] = normalized
            } else if namesRequired {
                missing(column, "it is required for \(identity.words)")
            }
        }
        let email = row.cell(.email).flatMap { checkEmail($0).value(into: &problems) }
        let secondaryEmail = row.cell(.secondaryEmail).flatMap { checkEmail($0, column: .secondaryEmail).value(into: &problems) }
        let mobile = row.cell(.mobile).flatMap { Self.parseMobile($0).value(into: &problems) }

        // Password: its value never appears in a message.
        var password: String?
        switch (identity, row.cell(.password)) {
        case (.connectManaged, nil):
            missing(.password, "it is required for \(identity.words)")
        case (.connectManaged, let value?):
            if let shortcomings = FieldRules.passwordShortcomings(value) {
                problems.append(RowProblem(column: .password, kind: .passwordRules, message: "the password does not meet the rules (8 to 64 characters with at least one lower-case letter, one upper-case letter and one digit, no spaces): \(shortcomings.joined(separator: ", "))"))
            } else {
                password = value
            }
        case (.saml, _?):
            problems.append(RowProblem(column: .password, kind: .mustBeEmpty, message: "password must be left empty for \(identity.words): users sign in through the identity provider"))
        case (.existingDirectory, _?):
            problems.append(RowProblem(column: .password, kind: .mustBeEmpty, message: "password must be left empty for \(identity.words): users sign in with their directory password"))
        case (_, nil):
            break
        }

        // Routing and security profiles.
        var routingProfileID: String?
        if let name = row.cell(.routingProfile) {
            routingProfileID = resolveRoutingProfile(name).value(into: &problems)
        } else {
            missing(.routingProfile, "every user needs a routing profile")
        }
        var securityProfileIDs: [String] = []
        if let cell = row.cell(.securityProfiles), let resolved = resolveSecurityProfiles(cell) {
            securityProfileIDs = resolved.value(into: &problems) ?? []
        } else {
            missing(.securityProfiles, "every user needs 1 to \(FieldRules.maxSecurityProfiles) security profiles, separated by |")
        }

        // Phone.
        let phoneType = row.cell(.phoneType).flatMap { Self.parsePhoneType($0).value(into: &problems) } ?? .softPhone
        var deskPhoneNumber: String?
        if let cell = row.cell(.phoneNumber) {
            deskPhoneNumber = Self.parsePhoneNumber(cell).value(into: &problems)
        } else if phoneType == .deskPhone {
            missing(.phoneNumber, "a desk phone needs a number, for example \(FieldRules.phoneExample)")
        }
        let autoAccept = row.cell(.autoAccept).flatMap { Self.parseAutoAccept($0).value(into: &problems) } ?? false
        let acw = row.cell(.acwTimeout).flatMap { Self.parseACWTimeout($0).value(into: &problems) } ?? 0
        let ownChannels = Self.channelCells(row, into: &problems)

        // Tags, proficiencies, directory user id.
        var settings = CreateSettings()
        settings.channels = ownChannels.isEmpty ? ownChannels : ownChannels.filledForCreate(voiceAutoAccept: autoAccept, afterContactWork: acw)
        if let cell = row.cell(.tags) { settings.tags = Self.parseTags(cell).value(into: &problems) ?? [:] }
        if let cell = row.cell(.proficiencies) { settings.proficiencies = resolveProficiencies(cell).value(into: &problems) ?? [] }
        settings.directoryUserID = row.cell(.directoryUserID).flatMap { checkDirectoryUserID($0).value(into: &problems) }

        // Hierarchy: `(none)` and an empty cell both mean no group.
        var hierarchyGroupID: String?
        if let cell = row.cell(.hierarchy), case .group(let id)? = resolveHierarchy(cell).value(into: &problems) {
            hierarchyGroupID = id
        }

        if !problems.isEmpty { return .failure(.combined(problems)) }
        let identityInfo: ConnectIdentityInfo? = names.isEmpty && email == nil && secondaryEmail == nil && mobile == nil
            ? nil
            : ConnectIdentityInfo(firstName: names[.firstName], lastName: names[.lastName], email: email,
                                  secondaryEmail: secondaryEmail, mobile: mobile)
        return .success((ConnectNewUser(
            username: login, password: password, identityInfo: identityInfo,
            phoneConfig: ConnectPhoneConfig(phoneType: phoneType, autoAccept: autoAccept,
                                            afterContactWorkTimeLimit: acw, deskPhoneNumber: deskPhoneNumber),
            securityProfileIDs: securityProfileIDs, routingProfileID: routingProfileID ?? "",
            hierarchyGroupID: hierarchyGroupID,
            channels: settings.channels.isEmpty ? [:] : settings.channels.connectConfigs(phoneType: phoneType, phoneNumber: deskPhoneNumber),
            tags: settings.tags, directoryUserID: settings.directoryUserID), settings))
    }

    /// `name` is the cell's; the suggestion and `names` are the instance's own.
    static func notFound(_ what: String, _ name: String, _ suggestion: String?) -> String {
        "\(what) \(SheetText.quoted(name)) not found" + (suggestion.map { " (did you mean '\($0)'?)" } ?? "")
    }

    static func ambiguous(_ what: String, _ name: String, _ names: [String]) -> String {
        "\(what) \(SheetText.quoted(name)) matches several names (\(names.map { "'\($0)'" }.joined(separator: ", "))): write it exactly as in Amazon Connect"
    }
}

// MARK: - Cells, shared by create and update

extension RowChecker {
    /// For each row, the other lines that carry the same (non-empty) user login, compared
    /// exactly as typed (trimmed).
    static func duplicateLines(of rows: [AgentRow]) -> [[Int]] {
        var linesByLogin: [String: [Int]] = [:]
        for row in rows where !row.userLogin.isEmpty {
            linesByLogin[row.userLogin, default: []].append(row.line)
        }
        return rows.map { row in (linesByLogin[row.userLogin] ?? []).filter { $0 != row.line } }
    }

    /// A required cell that is empty, or whose column the file lacks.
    static func missing(_ column: AgentColumn, in row: AgentRow, _ why: String) -> RowProblem {
        if row.has(column) {
            RowProblem(column: column, kind: .empty, message: "\(column.label) is empty: \(why)")
        } else {
            RowProblem(column: column, kind: .columnMissing, message: "the file has no '\(column.rawValue)' column: \(why)")
        }
    }

    /// Filled cells beyond the header's last column: an unquoted comma shifted the row. (Empty
    /// cells there, which spreadsheets write, are dropped when the file is read.)
    static func extraCellsProblem(_ row: AgentRow) -> RowProblem? {
        guard row.extraCellCount > 0 else { return nil }
        let width = row.record.fields.count - row.extraCellCount
        return RowProblem(column: nil, kind: .extraCells, message: "the row has \(row.record.fields.count) cells but the header has \(width) columns: a value that contains a comma must be in double quotes")
    }

    /// Cells that no file this tool writes (failure file, plan, export) may carry
    /// (CSV.md, "CSV dialect"): a control character, refused here before any call, and a
    /// formula character at the start of a free-text value (`formulaProblem`).
    ///
    /// A control character is Unicode's Cc: the C0 controls with NUL, tab, line feed and
    /// carriage return; DEL; the C1 controls. It is refused anywhere in any cell: every
    /// column, the template's, unknown ones (written back into the failure file) and cells
    /// beyond the header. A line break inside a quoted cell counts too, in every column. Why
    /// no exception: no Amazon Connect setting of a user is multi-line, so a line break in a
    /// cell is a pasted or shifted value, and one rule ("no cell may hold a control
    /// character") is easier to state, to check and to obey than a list of columns. The raw
    /// cell is checked, before trimming: a tab or carriage return in front of a value is how
    /// OWASP's CSV injection hides a formula, so it is refused, not trimmed away. Only the
    /// `error` column is exempt: it is this tool's own reason, replaced when the row fails
    /// again.
    ///
    /// A reason never shows the control character raw: it names it (`a tab (U+0009)`) and its
    /// position. For the password it says only that there is one.
    static func unsafeCellProblems(_ row: AgentRow) -> [RowProblem] {
        var problems: [RowProblem] = []
        let fix = "remove it (no cell may hold a control character)"
        for (index, field) in row.record.fields.enumerated() where !row.errorColumns.contains(index) {
            guard let (scalar, position) = SheetText.firstControl(in: field) else { continue }
            let what = "\(SheetText.name(ofControl: scalar)) at character \(position)"
            if let column = row.column(at: index) {
                problems.append(RowProblem(column: column, kind: .controlCharacter, message: column == .password
                    ? "password contains a control character: \(fix)"
                    : "\(column.label) contains \(what): \(fix)"))
            } else {
                problems.append(RowProblem(column: nil, kind: .controlCharacter, position: index + 1,
                    message: "the cell in column \(CSVReader.columnName(index + 1)) contains \(what): \(fix)"))
            }
        }
        return problems
    }

    /// A free-text value that begins with a formula character (`=`, `+`, `-`, `@`), which a
    /// spreadsheet opening a failure file or an export would run (OWASP's CSV injection).
    /// Free text is what Amazon Connect stores as typed and an export writes back: first
    /// name, last name, email address, user login. Not the password (never written anywhere,
    /// and symbols are what its rules ask for), not phone numbers (E.164 begins with `+`),
    /// not cells that must be a fixed word or a number (phone type, yes/no, ACW timeout,
    /// where `-1` has its own reason), not names looked up in the instance (routing profile,
    /// security profiles, hierarchy: the id is sent, and an export writes the instance's own
    /// name). Checked on the trimmed value, the one that would be sent, and only once the
    /// value passes its column's other rules, so a cell gets one reason.
    static func formulaProblem(_ value: String, _ column: AgentColumn) -> RowProblem? {
        guard let lead = SheetText.formulaLead(of: value) else { return nil }
        return RowProblem(column: column, kind: .formula,
            message: "\(column.label) \(SheetText.quoted(value)) begins with '\(lead)', which a spreadsheet would take for a formula: remove the '\(lead)'")
    }

    /// What is wrong with a filled user login: its length (or a formula character at its
    /// start), and other rows with the same one.
    static func loginProblems(_ login: String, duplicateLines: [Int]) -> [RowProblem] {
        var problems: [RowProblem] = []
        if login.utf16.count > FieldRules.userLogin.upperBound {
            problems.append(RowProblem(column: .userLogin, kind: .tooLong, message: "user login \(SheetText.quotedWithoutLength(login)) is too long: \(SheetText.grouped(login.utf16.count)) characters, at most \(FieldRules.userLogin.upperBound)"))
        } else if let problem = formulaProblem(login, .userLogin) {
            problems.append(problem)
        }
        if !duplicateLines.isEmpty {
            let lines = duplicateLines.map(String.init).joined(separator: ", ")
            problems.append(RowProblem(column: .userLogin, kind: .duplicate, message: "user login \(SheetText.quoted(login)) appears more than once in the file (also on line\(duplicateLines.count == 1 ? "" : "s") \(lines)): keep one row per user"))
        }
        return problems
    }

    /// A filled first or last name, NFC-normalized, and the problem when it is too long or
    /// begins with a formula character (the normalized value is returned either way).
    static func checkName(_ value: String, _ column: AgentColumn) -> (normalized: String, problem: RowProblem?) {
        let limit = column == .lastName ? FieldRules.maxLastName : FieldRules.maxFirstName
        let normalized = NFC.normalize(value)
        guard normalized.utf16.count > limit else { return (normalized, formulaProblem(normalized, column)) }
        return (normalized, RowProblem(column: column, kind: .tooLong,
            message: "\(column.label) \(SheetText.quotedWithoutLength(normalized)) is too long: \(SheetText.grouped(normalized.utf16.count)) characters, at most \(limit)"))
    }

    /// A filled email cell: refused on a SAML instance, else length-, shape- and
    /// formula-checked and NFC-normalized.
    func checkEmail(_ value: String, column: AgentColumn = .email) -> Result<String, RowProblem> {
        let label = column.label
        if column == .email, identity == .saml {
            return .failure(RowProblem(column: .email, kind: .mustBeEmpty, message: "email address \(SheetText.quoted(value)) must be left empty: Amazon Connect does not accept an email address for users of \(identity.words)"))
        }
        let length = value.utf16.count
        if length > FieldRules.maxEmail {
            return .failure(RowProblem(column: column, kind: .tooLong, message: "\(label) \(SheetText.quotedWithoutLength(value)) is too long: \(SheetText.grouped(length)) characters, at most \(FieldRules.maxEmail)"))
        }
        guard FieldRules.isPlausibleEmail(value) else {
            return .failure(RowProblem(column: column, kind: .notAnEmailAddress, message: "\(label) \(SheetText.quoted(value)) is not a valid email address, for example name@example.com"))
        }
        if let problem = Self.formulaProblem(value, column) { return .failure(problem) }
        return .success(NFC.normalize(value))
    }

    /// A filled routing profile cell → the profile's id.
    mutating func resolveRoutingProfile(_ name: String) -> Result<String, RowProblem> {
        switch routingProfiles.match(name) {
        case .found(let profile): .success(profile.id)
        case .notFound(let suggestion): .failure(RowProblem(column: .routingProfile, kind: .notFound, message: Self.notFound("routing profile", name, suggestion)))
        case .ambiguous(let names): .failure(RowProblem(column: .routingProfile, kind: .ambiguous, message: Self.ambiguous("routing profile", name, names)))
        }
    }

    /// A filled security profile cell (`|`-separated names) → the ids in order, without
    /// repeats, or every name that does not resolve and a list longer than allowed (all in
    /// one problem). `nil` when the cell names nothing (`|`, ` | `): what that means is the
    /// caller's to say.
    mutating func resolveSecurityProfiles(_ cell: String) -> Result<[String], RowProblem>? {
        let typed = cell.split(separator: "|").map { SheetText.trimmed(String($0)) }.filter { !$0.isEmpty }
        guard !typed.isEmpty else { return nil }
        var problems: [RowProblem] = []
        var ids: [String] = []
        var seen = Set<String>()
        for name in typed {
            switch securityProfiles.match(name) {
            case .found(let profile):
                if seen.insert(profile.id).inserted { ids.append(profile.id) }
            case .notFound(let suggestion):
                problems.append(RowProblem(column: .securityProfiles, kind: .notFound, message: Self.notFound("security profile", name, suggestion)))
            case .ambiguous(let names):
                problems.append(RowProblem(column: .securityProfiles, kind: .ambiguous, message: Self.ambiguous("security profile", name, names)))
            }
        }
        let distinct = Set(typed).count
        if distinct > FieldRules.maxSecurityProfiles {
            problems.append(RowProblem(column: .securityProfiles, kind: .tooMany, message: "\(distinct) security profiles are listed, at most \(FieldRules.maxSecurityProfiles) are allowed"))
        }
        return problems.isEmpty ? .success(ids) : .failure(.combined(problems))
    }

    /// A filled hierarchy cell: `(none)` (any case) or a whole path that matches one group.
    mutating func resolveHierarchy(_ cell: String) -> Result<UserChanges.Hierarchy, RowProblem> {
        if FieldRules.isNoHierarchy(cell) { return .success(.none) }
        let path = FieldRules.hierarchyPath(cell).joined(separator: "/")
        switch hierarchyGroups.match(path) {
        case .found(let group): return .success(.group(id: group.id))
        case .notFound(let suggestion): return .failure(RowProblem(column: .hierarchy, kind: .notFound, message: Self.notFound("hierarchy", path, suggestion)))
        case .ambiguous(let names): return .failure(RowProblem(column: .hierarchy, kind: .ambiguous, message: Self.ambiguous("hierarchy", path, names)))
        }
    }

    static func parsePhoneType(_ cell: String) -> Result<ConnectPhoneConfig.PhoneType, RowProblem> {
        guard let type = FieldRules.phoneType(cell) else {
            return .failure(RowProblem(column: .phoneType, message: "phone type \(SheetText.quoted(cell)) is not valid: use soft or desk"))
        }
        return .success(type)
    }

    /// A filled phone number cell → E.164 without separators, or a problem that says what
    /// Excel probably did to it.
    static func parsePhoneNumber(_ cell: String, column: AgentColumn = .phoneNumber) -> Result<String, RowProblem> {
        let number = FieldRules.strippedPhoneNumber(cell)
        if FieldRules.isE164(number) { return .success(number) }
        var message = "\(column.label) \(SheetText.quoted(cell)) is not in E.164 form, for example \(FieldRules.phoneExample)"
        if !number.isEmpty, number.utf8.allSatisfy({ (48 ... 57).contains($0) }) {
            message += " (it must start with + and the country code; Excel drops the + when it takes the cell for a number)"
        } else if number.uppercased().contains("E+") {
            message += " (Excel turned it into a number: format the column as text)"
        }
        return .failure(RowProblem(column: column, kind: .notE164, message: message))
    }

    static func parseAutoAccept(_ cell: String) -> Result<Bool, RowProblem> {
        guard let value = FieldRules.yesNo(cell) else {
            return .failure(RowProblem(column: .autoAccept, message: "auto accept \(SheetText.quoted(cell)) is not valid: use yes or no"))
        }
        return .success(value)
    }

    static func parseACWTimeout(_ cell: String) -> Result<Int, RowProblem> {
        guard let value = FieldRules.acwTimeout(cell) else {
            return .failure(RowProblem(column: .acwTimeout, message: "ACW timeout \(SheetText.quoted(cell)) is not valid: use a whole number of seconds from 0 to 2000000"))
        }
        return .success(value)
    }
}

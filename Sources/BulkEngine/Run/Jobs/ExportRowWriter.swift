import ConnectClient

/// One user as a row of the template, every column in `AgentColumn.allCases` order, written
/// so that the row, dropped into `update/`, asks for no change.
///
/// The cells are written by `CellWriter` (the inverse of the sheet's parsers), then read back
/// the way `update/` reads them (`RowChecker.changes`, then `UserDiff.updates` against the
/// same user): a cell that would be refused, or would ask for a change, is left empty instead
/// (an empty cell leaves a setting as it is), and the summary names the column and the line.
/// So the round trip is checked on every row, not hoped for.
///
/// Left empty on purpose: `password` (never read, never written), `ACW timeout (seconds)`
/// (every channel has its own ACW cell), `email address` on a SAML instance (the API refuses
/// one there), `proficiencies` on an instance without predefined attributes (no user can have
/// one), `directory user id` unless the instance uses an existing directory.
struct ExportRowWriter {
    static let columns = AgentColumn.allCases
    static let header = columns.map(\.rawValue)

    /// Why a cell was left empty, in the words of the summary.
    enum Blank: String, CaseIterable, Sendable {
        case unsafe = "begins with a formula character (= + - @) or holds a control character, which a spreadsheet would run or break"
        case unknownName = "names a profile or hierarchy group the look-ups did not return"
        case notReadBack = "would not read back as the same setting"
        case unreadable = "could not be read from Amazon Connect"
    }

    struct Row {
        var fields: [String]
        var blanked: [(AgentColumn, Blank)] = []
    }

    var checker: RowChecker
    let management: IdentityManagement
    let hasAttributes: Bool
    let securityNames: [String: String]
    let routingNames: [String: String]
    let groupPaths: [String: [String]]

    init(reference: InstanceReference) {
        checker = RowChecker(reference: reference)
        management = reference.identityManagementType
        hasAttributes = !reference.predefinedAttributes.isEmpty
        securityNames = Dictionary(reference.securityProfiles.map { ($0.id, $0.name) }) { first, _ in first }
        routingNames = Dictionary(reference.routingProfiles.map { ($0.id, $0.name) }) { first, _ in first }
        groupPaths = Dictionary(reference.hierarchyGroups.map { ($0.id, $0.path) }) { first, _ in first }
    }

    /// The row for `user` (read with its email, secondary email and mobile when `identityRead`),
    /// at `line` of the export; nil when the user login itself cannot be written safely (the
    /// user is left out, and the summary says so). `proficiencies` is nil when they could not be
    /// read.
    mutating func row(_ user: ConnectUser, identityRead: Bool, proficiencies: [ConnectUserProficiency]?, line: Int) -> Row? {
        var row = Row(fields: [String](repeating: "", count: Self.columns.count))
        func set(_ column: AgentColumn, _ value: String?) { row.fields[column.ordinal] = value ?? "" }
        /// Leaves the cell empty and says why (once a column).
        func blank(_ column: AgentColumn, _ why: Blank) {
            row.fields[column.ordinal] = ""
            if !row.blanked.contains(where: { $0.0 == column }) { row.blanked.append((column, why)) }
        }

        guard !CellWriter.isUnsafe(user.username, column: .userLogin), !user.username.isEmpty else { return nil }
        set(.userLogin, user.username)
        set(.firstName, user.identityInfo.firstName)
        set(.lastName, user.identityInfo.lastName)
        if identityRead {
            if management != .saml { set(.email, user.identityInfo.email) }
            set(.secondaryEmail, user.identityInfo.secondaryEmail)
            set(.mobile, user.identityInfo.mobile)
        } else {
            for column in [AgentColumn.email, .secondaryEmail, .mobile] { blank(column, .unreadable) }
        }
        if let name = routingNames[user.routingProfileID] { set(.routingProfile, name) } else { blank(.routingProfile, .unknownName) }
        let names = user.securityProfileIDs.map { securityNames[$0] }
        if names.contains(where: { $0 == nil }) || names.isEmpty {
            blank(.securityProfiles, .unknownName)
        } else {
            set(.securityProfiles, CellWriter.securityProfiles(names.compactMap { $0 }))
        }
        if let id = user.hierarchyGroupID {
            if let path = groupPaths[id] { set(.hierarchy, CellWriter.hierarchy(path)) } else { blank(.hierarchy, .unknownName) }
        } else {
            set(.hierarchy, CellWriter.hierarchy(nil))
        }
        set(.tags, CellWriter.tags(user.tags))

        let voice = UserDiff.currentChannel(user, .voice)
        // A value in a unit not known is never written: those cells are left empty.
        let acwKnown = user.afterContactWorkIsKnown
        func setACW(_ column: AgentColumn, _ seconds: Int?) {
            if acwKnown { set(column, seconds.map(CellWriter.seconds)) } else { blank(column, .unreadable) }
        }
        set(.phoneType, CellWriter.phoneType(voice.phoneType ?? user.phoneConfig.phoneType))
        set(.phoneNumber, voice.phoneNumber)
        set(.autoAccept, voice.autoAccept.map(CellWriter.yesNo))
        setACW(.voiceACW, voice.afterContactWorkSeconds)
        set(.callbackAutoAccept, voice.agentFirstCallbackAutoAccept.map(CellWriter.yesNo))
        setACW(.callbackACW, voice.agentFirstCallbackAfterContactWorkSeconds)
        set(.persistentConnection, voice.persistentConnection.map(CellWriter.yesNo))
        set(.voiceEnhancement, voice.voiceEnhancement.map(CellWriter.voiceEnhancement))
        for (channel, column) in ChannelSettings.autoAcceptColumns {
            set(column, UserDiff.currentChannel(user, channel.connect).autoAccept.map(CellWriter.yesNo))
        }
        for (channel, column) in ChannelSettings.acwColumns where channel != .voice {
            setACW(column, UserDiff.currentChannel(user, channel.connect).afterContactWorkSeconds)
        }
        if hasAttributes {
            if let proficiencies {
                if let cell = CellWriter.proficiencies(proficiencies) { set(.proficiencies, cell) } else { blank(.proficiencies, .notReadBack) }
            } else {
                blank(.proficiencies, .unreadable)
            }
        }
        if management == .existingDirectory { set(.directoryUserID, user.directoryUserID) }

        for column in Self.columns where column != .userLogin && !row.fields[column.ordinal].isEmpty
            && CellWriter.isUnsafe(row.fields[column.ordinal], column: column) {
            blank(column, .unsafe)
        }

        // Read back as update/ reads it; blank what does not come back as it is, and again
        // (a blank cell can only remove a problem), at most a few times.
        for _ in 0 ..< 4 {
            let record = CSVRecord(line: line, fields: row.fields)
            let sheetRow = AgentRow(record: record, columnIndices: Array(Self.columns.indices), headerCount: Self.columns.count)
            let columns: [AgentColumn]
            switch checker.changes(sheetRow, duplicateLines: []) {
            case .failure(let problem):
                columns = problem.facts.compactMap(\.column)
            case .success(let changes):
                switch UserDiff.updates(from: user, to: changes, proficiencies: hasAttributes ? proficiencies : nil, identity: management) {
                case .failure(let problem):
                    columns = problem.facts.compactMap(\.column)
                case .success(let updates):
                    if updates.isEmpty { return row }
                    columns = updates.flatMap { Self.columns(of: $0, user: user) }
                }
            }
            if columns.contains(.userLogin) { return nil }
            // A problem of no column (none is expected): every setting is left as it is.
            for column in columns.isEmpty ? Self.columns.filter({ $0 != .userLogin }) : columns
            where !row.fields[column.ordinal].isEmpty {
                blank(column, .notReadBack)
            }
        }
        var bare = Row(fields: [String](repeating: "", count: Self.columns.count), blanked: row.blanked)
        bare.fields[AgentColumn.userLogin.ordinal] = user.username
        return bare
    }

    /// The cells that ask for `update`.
    static func columns(of update: UserUpdate, user: ConnectUser) -> [AgentColumn] {
        switch update {
        case .identity(let identity):
            let current = user.identityInfo
            var columns: [AgentColumn] = []
            if identity.firstName != current.firstName { columns.append(.firstName) }
            if identity.lastName != current.lastName { columns.append(.lastName) }
            if identity.email != current.email { columns.append(.email) }
            if identity.secondaryEmail != current.secondaryEmail { columns.append(.secondaryEmail) }
            if identity.mobile != current.mobile { columns.append(.mobile) }
            return columns.isEmpty ? [.firstName, .lastName, .email, .secondaryEmail, .mobile] : columns
        case .channels:
            return [.phoneType, .phoneNumber, .autoAccept, .acwTimeout] + ChannelSettings.columns
        case .routingProfile: return [.routingProfile]
        case .securityProfiles: return [.securityProfiles]
        case .hierarchy: return [.hierarchy]
        case .tag, .untag: return [.tags]
        case .disassociateProficiencies, .associateProficiencies, .updateProficiencies: return [.proficiencies]
        }
    }
}
